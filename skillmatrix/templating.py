"""The Jinja2 environment: autoescaping everywhere, strict about undefined names, and two
shortcuts through Jinja's runtime that the scale corpus showed to matter (same bytes out):

- Jinja wraps every escaped output in a new `Markup` object, only for it to be joined into the
  page a moment later: 9 million objects per build, a tenth of the rendering time. Our code
  generator escapes with MarkupSafe's own function and keeps the result a plain string.
- Every call from a template (`href(…)`, `_(…)`, a macro) asks whether the callable wants the
  context passed in: most do not, and are now called at once."""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from markupsafe import Markup, escape

try:  # MarkupSafe's escaping itself, without the Markup wrapper.
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - no C extension on this platform, or a new MarkupSafe

    def _escape_inner(s: str, /) -> str:
        return str(escape(s))


def escape_output(value: Any) -> str:
    """What `{{ value }}` writes: `escape(value)` as a plain string."""
    if type(value) is str:
        return _escape_inner(value)
    if type(value) is Markup:
        return value
    if hasattr(value, "__html__"):
        return value.__html__()  # type: ignore[no-any-return]
    return _escape_inner(str(value))


class _CodeGenerator(CodeGenerator):
    def _output_child_pre(self, node: Any, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            # The generated module's globals hold `environment`, this Environment.
            self.write("environment.escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class _Context(Context):
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        takes_context = _TYPE_TAKES_CONTEXT.get(type(__obj))
        if takes_context is None:
            call = getattr(type(__obj), "__call__", None)  # noqa: B004 - the type's, not callable()
            takes_context = _TYPE_TAKES_CONTEXT[type(__obj)] = hasattr(call, "jinja_pass_arg")
        if takes_context or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja does
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


# Whether instances of a type, when called, want the context passed in (`pass_context` on
# the type's __call__). Functions and methods say so on themselves (`jinja_pass_arg`).
_TYPE_TAKES_CONTEXT: dict[type, bool] = {}


class SiteEnvironment(Environment):
    code_generator_class = _CodeGenerator
    context_class = _Context
    escape_output = staticmethod(escape_output)


# The versions the shortcuts were written and tested for: they replace private parts of Jinja
# and MarkupSafe, so any other version gets stock Jinja (same output, a little slower).
SHORTCUTS_FOR = {"jinja2": "3.1.", "markupsafe": "3."}


@cache
def shortcuts_apply() -> bool:
    return all(version(package).startswith(prefix) for package, prefix in SHORTCUTS_FOR.items())


def make_environment(root: Path, *, shortcuts: bool = True) -> Environment:
    kind = SiteEnvironment if shortcuts and shortcuts_apply() else Environment
    return kind(
        loader=FileSystemLoader(root / "layouts"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the preview makes a new environment when a layout changes
    )

def test_minimal_site_is_clean(run_check):
    result = run_check()
    assert [d.format() for d in result.problems] == []
    assert [c.format() for c in result.coverage] == [
        "en: 46/46 texts",
        "zh: 46/46 texts",
        "ru: 46/46 texts",
    ]

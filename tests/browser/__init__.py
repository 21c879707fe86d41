"""Browser tests of the extension (a package so its conftest does not shadow tests/conftest)."""

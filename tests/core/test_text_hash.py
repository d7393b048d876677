"""The content hash of a document text."""


def test_text_sha256_of_a_long_text_is_the_hash_of_its_utf8():
    import hashlib

    from reader.core.model import text_sha256

    text = "德州𠮷a" * 700_000  # several pieces, with a character beyond the BMP at piece edges
    assert text_sha256(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert text_sha256("") == hashlib.sha256(b"").hexdigest()

# The C extension worker/engines/_pdfium_words.c (built by setup.py).
def word_boxes(
    text: str,
    textpage: int,
    get_loose_char_box: int,
    get_text_object: int,
    is_generated: int,
    get_char_origin: int,
    /,
) -> bytes: ...

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
def glyph_boxes(
    textpage: int,
    start: int,
    end: int,
    get_loose_char_box: int,
    get_text_object: int,
    /,
) -> bytes: ...
def object_props(
    textpage: int,
    index: int,
    obj: int,
    get_font_size: int,
    get_matrix: int,
    text_obj_get_font: int,
    text_obj_get_render_mode: int,
    /,
) -> tuple[float, bool, float, float, float, float, int, int]: ...
def covering_fills(
    page: int,
    count_objects: int,
    get_object: int,
    get_type: int,
    get_draw_mode: int,
    get_fill_color: int,
    get_bounds: int,
    has_transparency: int,
    count_segments: int,
    get_path_segment: int,
    segment_type: int,
    form_count_objects: int,
    form_get_object: int,
    get_matrix: int,
    /,
) -> bytes: ...

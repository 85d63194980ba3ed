# The C extension worker/engines/layout/_pdfium_paths.c (built by setup.py).
def path_bounds(
    page: int,
    count: int,
    max_paths: int,
    get_object: int,
    get_type: int,
    get_bounds: int,
    get_draw_mode: int,
    get_stroke_color: int,
    get_fill_color: int,
    thin: float,
    /,
) -> bytes: ...
def path_segments(
    path: int, count: int, get_segment: int, get_point: int, get_type: int, get_close: int, /
) -> bytes: ...

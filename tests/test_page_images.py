"""GET /v1/documents/{id}/pages/{n}/image: a page drawn from the stored source for the
review page (common/documents/page_images.py, common/uploads/page_image.py), in a
confined helper, with caching headers; another tenant's document is a 404."""

from __future__ import annotations

import io

import httpx
from PIL import Image

from tests.conftest import new_key
from tests.factories import files
from tests.helpers import assert_problem, submit


def _image(resp: httpx.Response) -> Image.Image:
    assert resp.status_code == 200, resp.text
    return Image.open(io.BytesIO(resp.content))


def test_a_pdf_page_is_drawn_at_the_width_asked_with_its_own_proportions(client):
    # given a PDF of three A4-like pages, not converted yet (the source is what is drawn)
    doc_id = submit(client, files.text_pdf(3), "report.pdf", engine="null").json()["id"]
    page = client.get(f"/v1/documents/{doc_id}/pages/2").json()
    # when its second page is asked for 500 pixels wide
    resp = client.get(f"/v1/documents/{doc_id}/pages/2/image", params={"width": 500})
    # then it is a PNG that wide, as tall as the page's proportions say, and private
    image = _image(resp)
    assert (resp.headers["content-type"], image.format, image.width) == ("image/png", "PNG", 500)
    if page.get("width"):
        assert abs(image.height - 500 * page["height"] / page["width"]) <= 1
    assert resp.headers["cache-control"].startswith("private")
    assert resp.headers["x-content-type-options"] == "nosniff"
    # and the page carries its text: some pixels are ink, not all paper
    darkest, _ = image.convert("L").getextrema()
    assert isinstance(darkest, int) and darkest < 128
    # and asked again with its tag, nothing is drawn or sent
    again = client.get(
        f"/v1/documents/{doc_id}/pages/2/image",
        params={"width": 500},
        headers={"If-None-Match": resp.headers["etag"]},
    )
    assert (again.status_code, again.content) == (304, b"")
    # and another width is another image with another tag
    other = client.get(f"/v1/documents/{doc_id}/pages/2/image", params={"width": 200})
    assert _image(other).width == 200 and other.headers["etag"] != resp.headers["etag"]


def test_an_image_frame_is_drawn_as_stored_and_a_photo_stays_a_jpeg(client):
    # given a three-frame TIFF and a JPEG photo
    tiff_id = submit(
        client, files.multipage_tiff(3, width=400, height=300), "scan.tiff", engine="null"
    ).json()["id"]
    jpeg_id = submit(client, files.jpeg(), "photo.jpg", engine="null").json()["id"]
    # when the TIFF's third frame is asked for wider than it is
    frame = client.get(f"/v1/documents/{tiff_id}/pages/3/image", params={"width": 2000})
    # then it comes at its own size (the browser may enlarge it; sending it larger would
    # only cost bytes), as PNG, and it is the third frame
    image = _image(frame)
    assert image.format == "PNG" and image.size == (400, 300)
    # and the photo comes back as JPEG, scaled down to the width asked
    photo = client.get(f"/v1/documents/{jpeg_id}/pages/1/image", params={"width": 100})
    assert photo.headers["content-type"] == "image/jpeg" and _image(photo).width == 100


def test_pages_outside_the_document_and_bad_widths_are_problems(client):
    doc_id = submit(client, files.text_pdf(3), "a.pdf", engine="null", pages="1-2").json()["id"]
    # a page the document did not select, one past its end, and widths out of range
    assert_problem(client.get(f"/v1/documents/{doc_id}/pages/3/image"), 404, "not-found")
    assert_problem(client.get(f"/v1/documents/{doc_id}/pages/9/image"), 404, "not-found")
    assert_problem(client.get(f"/v1/documents/{doc_id}/pages/1/image", params={"width": 10}), 422)
    assert_problem(client.get(f"/v1/documents/{doc_id}/pages/1/image", params={"width": 99999}), 422)


def test_another_tenants_page_is_not_found(client, api_url):
    # given a tenant's document
    doc_id = submit(client, files.text_pdf(1), "a.pdf", engine="null").json()["id"]
    # when another tenant asks for its page, or anyone without a key
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"}) as other:
        theirs = other.get(f"/v1/documents/{doc_id}/pages/1/image")
    anonymous = httpx.get(f"{api_url}/v1/documents/{doc_id}/pages/1/image")
    # then it is a 404, as for a document that does not exist, and a 401 without a key
    assert_problem(theirs, 404, "not-found")
    assert_problem(anonymous, 401)

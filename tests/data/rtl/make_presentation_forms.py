"""Arabic drawn the way older tools draw it: shaped to presentation forms, in visual order."""

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
c = canvas.Canvas("tests/data/rtl/ar_presentation_forms.pdf", pagesize=(300, 200))
c.setFont("DejaVu", 14)
# "مرحبا Pagemill 2024": Arabic on the right, the Latin run left of it, left to right.
c.drawRightString(280, 160, "Pagemill 2024 \ufe8e\ufe92\ufea3\ufeae\ufee3")
# "شكرا جزيلا" (thank you very much), each word's forms right to left.
c.drawRightString(280, 130, "\ufe8e\ufee0\ufef3\ufeb0\ufe9f \ufe8d\ufeae\ufedc\ufeb7")
c.showPage()
c.save()

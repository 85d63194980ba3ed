"""Right-to-left documents: Arabic with embedded Latin words and digits (dates, amounts,
model numbers), Hebrew, Persian; one and two columns; lam-alef ligatures (لا, الأ)."""

from __future__ import annotations

from bench.realdocs.model import Columns, Doc, H, Item, Items, P, Table

AR = [
    "تم استلام طلبكم رقم INV-2024-0387 بتاريخ 2024/03/15 بنجاح.",
    "يبلغ إجمالي المبلغ 1,250.75 دولار أمريكي شاملا الضريبة.",
    "الجهاز من طراز Model X200 ويعمل بنظام Linux الإصدار 6.1 دون مشاكل.",
    "لا توجد رسوم إضافية على الشحن داخل المملكة.",
    "يرجى مراجعة الأسعار الجديدة قبل نهاية الشهر الحالي.",
    "نشكركم على ثقتكم بخدماتنا ونتطلع إلى التعاون معكم مرة أخرى.",
    "تقع الشركة في شارع الملك فهد، مبنى 12، الطابق الثالث.",
    "للاستفسار يرجى الاتصال على الرقم 920001234 أو زيارة الموقع www.example.com للمزيد.",
    "تم تحديث البرنامج إلى الإصدار 3.2.1 في شهر يناير الماضي.",
    "السلام عليكم ورحمة الله وبركاته، وبعد.",
    "سيتم تسليم الطلب خلال 5 أيام عمل من تاريخ الدفع.",
    "الألوان المتوفرة حاليا هي الأسود والأبيض والأزرق.",
    "بلغت مبيعات الربع الأول 4,800,000 ريال بزيادة قدرها 12% عن العام الماضي.",
    "اجتماع مجلس الإدارة القادم يوم الأحد الساعة 10:30 صباحا في القاعة B.",
]
HE = [
    "ההזמנה מספר 45821 נשלחה בתאריך 12/05/2024.",
    "הסכום הכולל הוא 3,480 שקלים כולל מס ערך מוסף.",
    "המכשיר מדגם Galaxy S23 נמצא במלאי בכל הסניפים.",
    "אנא צרו קשר עם שירות הלקוחות בטלפון 03-5551234.",
    "תודה רבה על שיתוף הפעולה והסבלנות.",
    "המשרד שלנו נמצא ברחוב הרצל 25 בתל אביב.",
    "הפגישה הבאה תתקיים ביום שלישי בשעה 10:30.",
    "הגרסה החדשה של התוכנה, גרסה 2.4, כוללת תיקונים רבים.",
    "המחירים עודכנו החל מה-1 בינואר 2025.",
]
FA = [
    "سفارش شما با شماره 7731 در تاریخ 1403/02/10 ثبت شد.",
    "مبلغ کل 2,500,000 ریال است.",
    "لطفا برای اطلاعات بیشتر با پشتیبانی تماس بگیرید.",
    "این دستگاه مدل HP LaserJet 1020 است و گارانتی دو ساله دارد.",
    "دفتر مرکزی ما در خیابان ولیعصر تهران قرار دارد.",
    "جلسه بعدی روز دوشنبه ساعت 14:00 برگزار خواهد شد.",
    "از همکاری صمیمانه شما سپاسگزاریم.",
]


def _para(pool: list[str], start: int, n: int) -> str:
    return " ".join(pool[(start + i) % len(pool)] for i in range(n))


def docs() -> list[Doc]:
    return [
        Doc(
            "rtl-ar-letter",
            "rtl",
            "Noto Naskh Arabic",
            13,
            [
                H(2, "إشعار استلام الطلب"),
                P(AR[9]),
                P(_para(AR, 0, 4)),
                P(_para(AR, 4, 4)),
                P(AR[7]),
            ],
            rtl=True,
            lang="ar",
            notes="one column, Naskh, lam-alef in لا and الأسعار",
        ),
        Doc(
            "rtl-ar-sans-2col",
            "rtl",
            "Noto Sans Arabic",
            11,
            [
                H(1, "التقرير الربعي للمبيعات"),
                Columns(
                    [H(3, "ملخص"), P(_para(AR, 12, 3)), P(_para(AR, 2, 3))],
                    [H(3, "ملاحظات"), P(_para(AR, 5, 3)), P(_para(AR, 8, 3))],
                ),
            ],
            rtl=True,
            lang="ar",
            notes="two columns: the right column is read first",
        ),
        Doc(
            "rtl-ar-dejavu-list",
            "rtl",
            "DejaVu Sans",
            10.5,
            [
                H(2, "شروط الخدمة"),
                P(_para(AR, 3, 2)),
                Items([Item(AR[i]) for i in (10, 1, 6, 11)], ("•",)),
                P(AR[5]),
            ],
            rtl=True,
            lang="ar",
            notes="bulleted items in Arabic",
        ),
        Doc(
            "rtl-ar-kufi-table",
            "rtl",
            "Noto Kufi Arabic",
            10,
            [
                H(2, "قائمة الأسعار"),
                P(AR[4]),
                Table(
                    [
                        ["المنتج", "الطراز", "السعر"],
                        ["طابعة ليزر", "HP M404", "1,200"],
                        ["شاشة", "Dell P2422H", "850"],
                        ["لوحة مفاتيح", "K120", "45"],
                    ]
                ),
                P(AR[3]),
            ],
            rtl=True,
            lang="ar",
            notes="a ruled table in an RTL page",
        ),
        Doc(
            "rtl-he-sans",
            "rtl",
            "Noto Sans Hebrew",
            11,
            [H(2, "אישור הזמנה"), P(_para(HE, 0, 4)), P(_para(HE, 4, 5))],
            rtl=True,
            lang="he",
            notes="Hebrew, one column",
        ),
        Doc(
            "rtl-he-dejavu-2col",
            "rtl",
            "DejaVu Sans",
            10,
            [
                H(1, "עדכון לקוחות"),
                Columns([P(_para(HE, 1, 4)), P(_para(HE, 6, 2))], [P(_para(HE, 3, 4)), P(HE[8])]),
            ],
            rtl=True,
            lang="he",
            notes="Hebrew, two columns",
        ),
        Doc(
            "rtl-fa-naskh",
            "rtl",
            "Noto Naskh Arabic",
            12,
            [H(2, "تایید سفارش"), P(_para(FA, 0, 4)), P(_para(FA, 4, 3)), P(FA[1])],
            rtl=True,
            lang="fa",
            notes="Persian (ی, ک, پ, گ)",
        ),
        Doc(
            "rtl-fa-sans-2col",
            "rtl",
            "Noto Sans Arabic",
            10,
            [
                H(2, "گزارش ماهانه"),
                Columns([P(_para(FA, 2, 4))], [P(_para(FA, 5, 4))]),
                P(FA[6]),
            ],
            rtl=True,
            lang="fa",
            notes="Persian, two columns then a full-width line",
        ),
    ]

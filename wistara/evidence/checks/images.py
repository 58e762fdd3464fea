"""Legibility of a picture: a sharpness measure, and pixels per inch of a page.

Sharpness is the variance of the Laplacian (the usual focus measure: a blurred picture has few
strong edges) computed with Pillow alone on a grey copy scaled to a fixed width, so that a figure
means the same for a phone photo and a 600 ppi scan.
"""

from PIL import Image, ImageFilter, ImageStat

SHARPNESS_WIDTH = 1000
_LAPLACIAN = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)
A4_LONG_INCHES = 11.69


def sharpness(image: Image.Image) -> float:
    grey = image.convert("L")
    if grey.width != SHARPNESS_WIDTH:
        height = max(1, round(grey.height * SHARPNESS_WIDTH / grey.width))
        grey = grey.resize((SHARPNESS_WIDTH, height), Image.Resampling.BILINEAR)
    return round(ImageStat.Stat(grey.filter(_LAPLACIAN)).var[0], 1)


def page_ppi(pixels: tuple[int, int], page_points: tuple[float, float]) -> int:
    """Pixels per inch of an image filling a page of `page_points` (1/72 inch)."""
    width_in, height_in = page_points[0] / 72, page_points[1] / 72
    if width_in <= 0 or height_in <= 0:
        return 0
    return round(min(pixels[0] / width_in, pixels[1] / height_in))


def image_as_a4_ppi(pixels: tuple[int, int]) -> int:
    """An image of a document (not a photo) read as an A4 page: its long side is 11.69 inches."""
    return round(max(pixels) / A4_LONG_INCHES)

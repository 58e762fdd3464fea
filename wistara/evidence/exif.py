"""When and where a photo was taken, from its EXIF, when it says so; broken EXIF is ignored."""

import logging
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import IO
from zoneinfo import ZoneInfo

from django.conf import settings
from PIL import ExifTags, Image

logger = logging.getLogger(__name__)

DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL, DATETIME = 0x9003, 0x9011, 0x0132
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class PhotoFacts:
    taken_at: datetime | None = None
    lat: Decimal | None = None
    lon: Decimal | None = None


def photo_facts(fileobj: IO[bytes]) -> PhotoFacts:
    """Reads only the headers: Image.open does not decode the pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: we never decode
            with Image.open(fileobj) as image:
                exif = _exif(image)
                if exif is None:
                    return PhotoFacts()
                lat, lon = _location(exif.get_ifd(ExifTags.IFD.GPSInfo))
                return PhotoFacts(taken_at=_taken_at(exif), lat=lat, lon=lon)
    except Exception:  # EXIF is a bonus: a broken one must never refuse a photo
        logger.info("unreadable EXIF", exc_info=True)
        return PhotoFacts()
    finally:
        fileobj.seek(0)


def _exif(image: Image.Image) -> Image.Exif | None:
    if image.format == "TIFF":
        return image.getexif()
    raw = image.info.get("exif")  # PNG: only an eXIf chunk ahead of the pixels; never load()
    if not raw:
        return None
    exif = Image.Exif()
    exif.load(raw)
    return exif


def _taken_at(exif: Image.Exif) -> datetime | None:
    details = exif.get_ifd(ExifTags.IFD.Exif)
    raw = details.get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    # Cameras write local time; without its offset, take the project's time zone, so that the
    # time shown is the one the camera showed.
    return moment.replace(tzinfo=_offset(details.get(OFFSET_TIME_ORIGINAL)) or ZoneInfo(settings.TIME_ZONE))


def _offset(raw) -> timezone | None:
    if not isinstance(raw, str) or len(raw.strip("\x00 ")) != 6:
        return None
    text = raw.strip("\x00 ")
    try:
        sign = -1 if text[0] == "-" else 1
        return timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))
    except ValueError:
        return None


def _location(gps) -> tuple[Decimal | None, Decimal | None]:
    lat = _degrees(gps.get(GPS_LAT), gps.get(GPS_LAT_REF), "S", 90)
    lon = _degrees(gps.get(GPS_LON), gps.get(GPS_LON_REF), "W", 180)
    if lat is None or lon is None or (lat == 0 and lon == 0):  # 0,0: a camera without a fix
        return None, None
    return lat, lon


def _degrees(value, ref, negative: str, limit: int) -> Decimal | None:
    try:
        degrees, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = degrees + minutes / 60 + seconds / 3600
    if decimal != decimal or not 0 <= decimal <= limit:  # NaN from a zero denominator
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    sign = -1 if str(ref or "").strip("\x00 ").upper() == negative else 1
    return (Decimal(str(decimal)) * sign).quantize(SIX_PLACES)

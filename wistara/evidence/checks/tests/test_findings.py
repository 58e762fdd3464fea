"""Each finding on files built here, through the real upload service and the worker's task."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.evidence import services as evidence_services

from ..models import CheckSettings, FileCheck, Level, UseCheck
from ..services import settings_changed
from . import files
from .conftest import response_of
from .corpus_text import POSYANDU, WASTE, WATER

pytestmark = pytest.mark.django_db

OCR = pytest.mark.skipif(not __import__("shutil").which("tesseract"), reason="needs tesseract-ocr-ind")


def _codes(evidence) -> dict[str, str]:
    use = UseCheck.objects.get(response=evidence.response, file=evidence.file)
    return {item["code"]: item["level"] for item in use.findings}


def _level(evidence) -> str:
    return UseCheck.objects.get(response=evidence.response, file=evidence.file).level


def test_a_good_text_report_has_nothing_to_flag(checked, response):
    evidence = checked(response, files.text_pdf(WATER.format(years="2023 dan 2024")), year=2023)
    check = FileCheck.objects.get(file=evidence.file)
    assert check.state == "done" and check.facts["pages"] == 1 and check.facts["text_layer"] is True
    assert "air minum" in check.text
    assert _codes(evidence) == {"unsigned": "info"}  # a report without a digital signature: a note
    assert _level(evidence) == Level.INFO


def test_a_file_that_does_not_open_and_a_password_protected_one_are_problems(checked, response):
    broken = checked(response, files.broken_pdf(WATER.format(years="2024")), name="putus.pdf")
    locked = checked(response, files.encrypted_pdf(WATER.format(years="2024")), name="kunci.pdf")
    assert _codes(broken) == {"does_not_open": "problem"} and _level(broken) == Level.PROBLEM
    assert _codes(locked) == {"encrypted": "problem"}


def test_it_reads_the_file_once_per_version_and_derives_again_when_its_tags_change(
    checked, response, world, django_capture_on_commit_callbacks
):
    evidence = checked(response, files.text_pdf(WATER.format(years="2024")), year=2024)
    assert "years_missing" not in _codes(evidence)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_services.evidence_attach_file(
            response=response,
            file=evidence.file,
            data_year=2023,
            kind="report",
            user=world.user("opd_operator"),
        )
    use = UseCheck.objects.get(response=response, file=evidence.file)
    assert use.derivations == 2
    found = {item["code"]: item for item in use.findings}
    assert found["years_missing"]["params"] == {
        "tagged": [2023, 2024],
        "mentioned": [2024],
        "missing": [2023],
    }
    assert found["years_missing"]["level"] == Level.WARNING
    assert FileCheck.objects.get(file=evidence.file).runs == 1  # not read again
    # Removing the 2023 tag: derived again, the warning goes.
    second = evidence.response.evidence.get(data_year=2023)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_services.evidence_remove(evidence=second, user=world.user("opd_operator"))
    use.refresh_from_db()
    assert use.derivations == 3 and "years_missing" not in {i["code"] for i in use.findings}
    assert FileCheck.objects.get(file=evidence.file).runs == 1


def test_removing_the_last_attachment_drops_the_findings(
    checked, response, world, django_capture_on_commit_callbacks
):
    evidence = checked(response, files.text_pdf(WATER.format(years="2024")))
    with django_capture_on_commit_callbacks(execute=True):
        evidence_services.evidence_remove(evidence=evidence, user=world.user("opd_operator"))
    assert not UseCheck.objects.filter(file=evidence.file).exists()
    with django_capture_on_commit_callbacks(execute=True):
        evidence_services.evidence_restore(evidence=evidence, user=world.user("opd_operator"))
    assert _level(evidence) == Level.INFO


def test_a_document_of_another_indicator_is_flagged_with_that_indicator(checked, response):
    evidence = checked(response, files.text_pdf(POSYANDU.format(years="2024")))
    found = UseCheck.objects.get(response=response, file=evidence.file).findings
    other = next(item for item in found if item["code"] == "other_indicator")
    assert other["params"]["code"] == "T2.1" and other["level"] == Level.WARNING
    assert other["params"]["best"] > other["params"]["own"]
    own = checked(response, files.text_pdf(WATER.format(years="2024")), name="air.pdf")
    assert "other_indicator" not in _codes(own)


def test_the_words_of_an_indicator_are_configurable(
    checked, response, registration, world, django_capture_on_commit_callbacks
):
    evidence = checked(response, files.text_pdf(WASTE.format(years="2024")))
    assert _codes(evidence).get("other_indicator") == Level.WARNING
    words = response.indicator.evidence_words
    words.words += " pengelolaan sampah rumah tangga bank sampah kompos daur ulang nasabah " * 3
    words.save()
    with django_capture_on_commit_callbacks(execute=True):
        settings_changed(registration.cycle.instrument_id)
    assert "other_indicator" not in _codes(evidence)
    assert FileCheck.objects.get(file=evidence.file).runs == 1


def test_which_checks_run_and_their_thresholds_are_set_per_instrument_version(
    checked, response, registration, django_capture_on_commit_callbacks
):
    evidence = checked(response, files.scanned_pdf(WATER.format(years="2024"), ppi=80), name="scan.pdf")
    assert _codes(evidence)["low_resolution"] == Level.WARNING
    with django_capture_on_commit_callbacks(execute=True):
        CheckSettings.objects.create(version=registration.cycle.instrument, min_ppi=60)
        settings_changed(registration.cycle.instrument_id)
    assert "low_resolution" not in _codes(evidence)
    with django_capture_on_commit_callbacks(execute=True):
        CheckSettings.objects.filter(version=registration.cycle.instrument).update(
            min_ppi=300, checks=["opens", "years"]
        )
        settings_changed(registration.cycle.instrument_id)
    assert "low_resolution" not in _codes(evidence) and "unsigned" not in _codes(evidence)


def test_scans_are_measured_for_resolution_and_sharpness(checked, response):
    blurred = checked(response, files.scanned_pdf(WATER.format(years="2024"), blur=3.0), name="kabur.pdf")
    sharp = checked(
        response, files.scanned_pdf(WATER.format(years="2023 dan 2024"), ppi=200), name="tajam.pdf"
    )
    assert _codes(blurred)["blurred"] == Level.WARNING
    assert "blurred" not in _codes(sharp) and "low_resolution" not in _codes(sharp)
    facts = FileCheck.objects.get(file=sharp.file).facts
    assert facts["text_layer"] is False and facts["scanned_pages"] == 1 and facts["ppi"] == 200


@OCR
def test_a_scan_is_read_by_ocr_in_indonesian(checked, response):
    evidence = checked(response, files.scanned_pdf(WATER.format(years="2024")), name="scan.pdf", year=2023)
    check = FileCheck.objects.get(file=evidence.file)
    assert check.facts["ocr"] == "done" and "Pengawasan" in check.text
    codes = _codes(evidence)
    assert codes["ocr_read"] == Level.INFO and codes["years_missing"] == Level.WARNING  # read from the scan


def test_ocr_is_skipped_with_a_note_when_tesseract_is_absent(checked, response, settings):
    settings.EVIDENCE_TESSERACT = "/nonexistent/tesseract"
    evidence = checked(response, files.scanned_pdf(WATER.format(years="2024")), name="scan.pdf")
    check = FileCheck.objects.get(file=evidence.file)
    assert check.state == "done" and check.facts["ocr"] == "skipped" and check.text.strip() == ""
    assert _codes(evidence)["ocr_skipped"] == Level.INFO


def test_a_signed_pdf_is_validated_and_an_alteration_after_signing_is_a_problem(checked, response):
    signed = files.signed_pdf(WATER.format(years="2023 dan 2024"))
    intact = checked(response, signed, name="ttd.pdf")
    found = {i["code"]: i for i in UseCheck.objects.get(response=response, file=intact.file).findings}
    assert found["signed"]["params"]["signer"] == "dr. Siti Rahma, Kepala Dinas Kesehatan"
    assert found["signed"]["params"]["signed_at"] and found["signed"]["level"] == Level.INFO
    assert "altered" not in found
    edited = checked(response, files.altered_after_signing(signed), name="ubah.pdf")
    appended = checked(response, files.appended_after_signing(signed), name="sisip.pdf")
    for evidence in (edited, appended):
        assert _codes(evidence)["altered"] == Level.PROBLEM and _level(evidence) == Level.PROBLEM


def test_photos_need_a_time_within_the_data_year_and_a_place(checked, response):
    bare = checked(response, files.jpeg(files.photo()), name="foto.jpg", kind="photo")
    assert _codes(bare) == {"photo_no_time": "warning", "photo_no_gps": "warning"}
    good = checked(
        response,
        files.jpeg(files.photo(seed=2), taken=dt.datetime(2024, 5, 1, 9), gps=(-6.2, 106.8)),
        name="foto2.jpg",
        kind="photo",
    )
    assert _codes(good) == {}
    old = checked(
        response,
        files.jpeg(files.photo(seed=3), taken=dt.datetime(2020, 5, 1, 9), gps=(-6.2, 106.8)),
        name="foto3.jpg",
        kind="photo",
    )
    assert _codes(old) == {"photo_outside_years": "warning"}
    blurred = checked(
        response,
        files.jpeg(files.photo(seed=4, blur=4), taken=dt.datetime(2024, 5, 1, 9), gps=(-6.2, 106.8)),
        name="foto4.jpg",
        kind="photo",
    )
    assert _codes(blurred) == {"blurred": "warning"}


def test_a_file_used_for_two_indicators_says_so(checked, response, registration, world):
    content = files.text_pdf(WATER.format(years="2024"))
    first = checked(response, content)
    other = response_of(registration, world.office_a1, "T1.2")
    second = checked(other, content, name="salinan.pdf")
    assert first.file_id == second.file_id
    uses = {u.response_id: u for u in UseCheck.objects.filter(file=first.file)}
    assert {i["code"]: i["params"] for i in uses[response.id].findings}["also_used"] == {"codes": ["T1.2"]}
    assert {i["code"]: i["params"] for i in uses[other.id].findings}["also_used"] == {"codes": ["T1.1"]}
    assert FileCheck.objects.get(file=first.file).runs == 1


def test_the_upload_does_not_wait_for_the_check(response, world):
    # No commit callbacks run here: the upload returns with the attachment marked "being checked".
    evidence = evidence_services.evidence_upload(
        response=response,
        uploaded_file=SimpleUploadedFile("a.pdf", files.text_pdf(WATER.format(years="2024"))),
        data_year=2024,
        kind="report",
        user=world.user("opd_operator"),
    )
    assert _level(evidence) == Level.PENDING
    assert not FileCheck.objects.exists()


def test_files_attached_before_the_checks_are_checked_by_the_command(response, world):
    from django.core.management import call_command

    from ..selectors import check_for_evidence

    evidence = evidence_services.evidence_upload(
        response=response,
        data_year=2024,
        kind="report",
        user=world.user("opd_operator"),
        uploaded_file=SimpleUploadedFile("lama.pdf", files.text_pdf(WATER.format(years="2024"))),
    )
    UseCheck.objects.all().delete()  # as if attached before the checks existed
    assert check_for_evidence(evidence).unchecked  # shown as "not checked yet", never polled
    call_command("evidence_check", now=True, stdout=io.StringIO())
    assert _level(evidence) == Level.INFO and FileCheck.objects.get(file=evidence.file).runs == 1
    call_command("evidence_check", now=True, stdout=io.StringIO())  # nothing left to check
    assert FileCheck.objects.get(file=evidence.file).runs == 1


def test_a_file_that_cannot_be_read_is_reported_and_tried_again_later(response, media, world):
    content = files.text_pdf(WATER.format(years="2024"))
    evidence = evidence_services.evidence_upload(
        response=response,
        data_year=2024,
        kind="report",
        user=world.user("opd_operator"),
        uploaded_file=SimpleUploadedFile("a.pdf", content),
    )
    blob = media / evidence.file.storage_name
    blob.rename(blob.with_suffix(".away"))  # the storage is unreachable when the worker runs
    from ..services import check_file

    check_file(evidence.file_id)
    assert _codes(evidence) == {"check_failed": "info"}
    assert FileCheck.objects.get(file=evidence.file).state == "failed"
    blob.with_suffix(".away").rename(blob)
    check_file(evidence.file_id)
    assert _codes(evidence) == {"unsigned": "info"} and FileCheck.objects.get(file=evidence.file).runs == 2

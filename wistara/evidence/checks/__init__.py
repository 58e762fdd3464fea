"""Evidence checked before a verifier opens it (issue 16).

After every upload, and whenever a file's tags change, the worker reads the file once per file
version (readers: does it open, its pages, text layer or OCR, resolution and sharpness, digital
signatures, photo EXIF) and stores those facts (FileCheck). Cheap findings that depend on where the
file is attached (years tagged against years mentioned, the indicator the text fits best, photos
within the data year, duplicates across indicators) are derived from the facts per attachment
(UseCheck) with the instrument version's settings (CheckSettings). Findings are advice for the office
and the verifier, never a verdict.
"""

from wistara.interchange.links import extract, hyperlink_formula_target, normalise

FILE = "https://drive.google.com/file/d/1AbCdEfGhIjK_lm-no/view"


def test_it_gives_every_google_drive_file_form_one_address():
    for form in (
        "https://drive.google.com/open?id=1AbCdEfGhIjK_lm-no",
        "https://drive.google.com/file/d/1AbCdEfGhIjK_lm-no/view?usp=sharing",
        "drive.google.com/file/d/1AbCdEfGhIjK_lm-no/edit",
        "https://drive.google.com/uc?id=1AbCdEfGhIjK_lm-no&export=download",
        "http://drive.google.com/open?id=1AbCdEfGhIjK_lm-no",
    ):
        assert normalise(form) == FILE, form


def test_it_gives_folders_their_own_form_and_leaves_other_sites_alone():
    assert normalise("https://drive.google.com/drive/u/0/folders/1XyZ_folder-idd?usp=sharing") == (
        "https://drive.google.com/drive/folders/1XyZ_folder-idd"
    )
    assert normalise("www.dinkes.go.id/laporan.pdf") == "https://www.dinkes.go.id/laporan.pdf"


def test_it_finds_several_links_in_a_cell_with_their_years_and_no_repeats():
    cell = (
        f"2023: {FILE}\n2024 - https://drive.google.com/open?id=2ZZZZZZZZZZZZ ; "
        "https://drive.google.com/open?id=1AbCdEfGhIjK_lm-no"
    )
    assert extract(cell) == [(FILE, 2023), ("https://drive.google.com/file/d/2ZZZZZZZZZZZZ/view", 2024)]
    assert extract("tidak ada") == []
    assert hyperlink_formula_target('=HYPERLINK("https://a.go.id/x","Buka")') == "https://a.go.id/x"

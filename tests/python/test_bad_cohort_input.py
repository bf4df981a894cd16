"""Bad cohort input: a defined outcome for each class, nobody lost or duplicated."""

from __future__ import annotations

from conftest import query, run_dbt

SELECT = ["build", "--select", "+cohort_school_segregation +cohort_link_summary"]
KEY = {"DBT_ENV_SECRET_SCHOOL_ID_KEY": "test key"}


def cohort_vars(path):
    return {"cohort_input": {"path": str(path), "layout": "canonical"}}


def test_unmatched_and_malformed_urns_are_published_unlinked_with_reasons(tmp_path, scratch):
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(
        "nsid,ks4_urn,ks4_laestab\n"
        "P1,138632,\n"      # a real 2019 secondary school
        "P2,999999,\n"      # a URN found in no census year
        "P3,13A632,\n"      # a malformed URN
        "P4,,\n"            # no KS4 record
        "P5, 0138632 ,\n"   # leading zero and spaces: the same school as P1
        "P6,ABC,8764000\n"  # a malformed URN is not rescued by a valid LAESTAB
        "P7,,876400\n"      # no URN and a malformed LAESTAB
    )
    run_dbt(SELECT, scratch, cohort_vars(cohort), env=KEY)
    published = query(scratch, 'select "NSID", "KS4_URNANON", "LEA19_GS_FSMe" from cohort_school_segregation')
    assert [row[0] for row in published] == ["P1", "P2", "P3", "P4", "P5", "P6", "P7"]
    by_member = {row[0]: row for row in published}
    assert by_member["P1"][2] is not None and by_member["P1"][1:] == by_member["P5"][1:]
    assert by_member["P2"][1] is not None and by_member["P2"][2] is None
    assert by_member["P3"][1:] == (None, None) and by_member["P4"][1:] == (None, None)
    reasons = dict(query(
        scratch,
        "select nsid, any_value(link_failure_reason) from int_cohort__member_year_links group by nsid",
    ))
    assert reasons == {
        "P1": None, "P5": None, "P2": "KS4 school not found in any census year",
        "P3": "malformed KS4 URN", "P4": "no KS4 school",
        "P6": "malformed KS4 URN", "P7": "malformed KS4 LAESTAB",
    }
    assert query(
        scratch, "select census_year, sum(member_count) from cohort_link_summary group by 1 order by 1"
    ) == [(2019, 7), (2023, 7)]


def test_duplicate_person_id_fails_the_build(tmp_path, scratch):
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("nsid,ks4_urn\nP1,138632\nP2,\nP1,138196\n")
    result = run_dbt(SELECT, scratch, cohort_vars(cohort), check=False, env=KEY)
    assert result.returncode != 0
    assert "unique_stg_cohort__members_nsid" in result.stdout


def test_empty_person_id_and_missing_column_fail_naming_file(tmp_path, scratch):
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("nsid,ks4_urn\nP1,138632\n,138196\n")
    result = run_dbt(SELECT, scratch, cohort_vars(cohort), check=False, env=KEY)
    assert result.returncode != 0
    assert f"cohort file {cohort}, data row 2 (line 3), column \"nsid\"" in result.stdout
    cohort.write_text("person,school\nP1,138632\n")
    result = run_dbt(SELECT, scratch, cohort_vars(cohort), check=False, env=KEY)
    assert result.returncode != 0
    assert f"cohort file {cohort} (layout canonical): column 'nsid'" in result.stdout

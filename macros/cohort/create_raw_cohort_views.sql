{#
    Runs before any model (on-run-start), after create_raw_census_view.
    Checks var('cohort_input'), var('school_id_lookup'), and the form of the
    vars published_decimals and school_scope_phases, and creates the
    views behind the `cohort` source:
        raw.cohort_members    every data row of the cohort file, as text, with
                              _source_file and _source_row
        raw.school_id_lookup  urn -> anonymised school id, from the optional
                              lookup file (no rows when none is given)
    Any problem stops the run with a message naming the file.
#}
{% macro create_raw_cohort_views() %}
    {% if not execute %}
        {{ return('') }}
    {% endif %}
    {% set decimals = var('published_decimals') %}
    {% if decimals is not number or decimals < 0 or decimals > 15 or decimals != decimals | int %}
        {{ exceptions.raise_compiler_error(
            "var published_decimals must be a whole number from 0 to 15, got: " ~ decimals) }}
    {% endif %}
    {% set scope = var('school_scope_phases') %}
    {% if scope is string or scope is mapping or scope | length == 0 %}
        {{ exceptions.raise_compiler_error(
            "var school_scope_phases must be a non-empty list of phase values, e.g. ['State-funded secondary'], got: " ~ scope) }}
    {% endif %}
    {% set layouts = cohort_layouts() %}
    {% set cohort = var('cohort_input') %}
    {% if cohort is not mapping or not cohort.get('path') %}
        {{ exceptions.raise_compiler_error("var cohort_input must be a mapping with keys path and layout, got: " ~ cohort) }}
    {% endif %}
    {% set layout = cohort.get('layout', 'canonical') %}
    {% if layout not in layouts %}
        {{ exceptions.raise_compiler_error(
            "cohort_input (" ~ cohort['path'] ~ "): unknown layout '" ~ layout ~ "'; known layouts: "
            ~ (layouts.keys() | sort | join(', '))) }}
    {% endif %}
    {% set header = raw_file_header(cohort['path'], 'cohort file') %}
    {% set columns = [] %}
    {% for column in layouts[layout] %}
        {% if column.source_column | lower in header %}
            {% do columns.append(adapter.quote(column.source_column) ~ " as " ~ column.column_name) %}
        {% elif column.required %}
            {{ exceptions.raise_compiler_error(
                "cohort file " ~ cohort['path'] ~ " (layout " ~ layout ~ "): column '"
                ~ column.source_column ~ "' is missing from the file's header") }}
        {% else %}
            {% do columns.append("cast(null as varchar) as " ~ column.column_name) %}
        {% endif %}
    {% endfor %}
    {% do run_query("create schema if not exists raw") %}
    {% do run_query(
        "create or replace view raw.cohort_members as select '" ~ cohort['path']
        ~ "' as _source_file, ordinality as _source_row, " ~ columns | join(', ')
        ~ " from read_csv('" ~ cohort['path'] ~ "', header = true, all_varchar = true) with ordinality") %}

    {% set lookup = var('school_id_lookup', none) %}
    {% if lookup %}
        {% set lookup_header = raw_file_header(lookup['path'], 'school id lookup file') %}
        {% for needed in ['urn', 'school_id'] %}
            {% if needed not in lookup_header %}
                {{ exceptions.raise_compiler_error(
                    "school id lookup file " ~ lookup['path'] ~ ": column '" ~ needed ~ "' is missing from the file's header") }}
            {% endif %}
        {% endfor %}
        {% set lookup_sql = "select '" ~ lookup['path'] ~ "' as _source_file, ordinality as _source_row, urn, school_id from read_csv('"
            ~ lookup['path'] ~ "', header = true, all_varchar = true) with ordinality" %}
    {% else %}
        {% set lookup_sql = "select cast(null as varchar) as _source_file, cast(null as bigint) as _source_row, cast(null as varchar) as urn, cast(null as varchar) as school_id where false" %}
    {% endif %}
    {% do run_query("create or replace view raw.school_id_lookup as " ~ lookup_sql) %}
    {#
        Fail now, not after every model: ids for non-demo inputs need the
        secret key (the plugin says whether it is set, never what it is) or a
        lookup.
    #}
    {% if not lookup and not uses_demo_inputs()
        and not run_query("select school_id_key_is_set() as is_set").rows[0]['is_set'] %}
        {{ exceptions.raise_compiler_error(
            "DBT_ENV_SECRET_SCHOOL_ID_KEY is not set: the anonymised school id needs a secret key "
            ~ "for any input other than the shipped demo files (export DBT_ENV_SECRET_SCHOOL_ID_KEY=..., "
            ~ "see README 'The linked dataset'), or give a lookup in var school_id_lookup") }}
    {% endif %}
    {{ return('') }}
{% endmacro %}

{#
    Lower-cased header of a CSV file, failing with a clear message when the
    file is missing.
#}
{% macro raw_file_header(path, what) %}
    {% do require_input_file(path, what) %}
    {{ return(run_query("select * from read_csv('" ~ path ~ "', header = true, all_varchar = true) limit 0").column_names | map('lower') | list) }}
{% endmacro %}

{#
    Stops the run with a clear message when an input path holds a single quote
    (it could not be written into SQL) or matches no file. `what` names the
    input in the message (e.g. 'cohort file').
#}
{% macro require_input_file(path, what) %}
    {% if "'" in path %}
        {{ exceptions.raise_compiler_error(
            what ~ " " ~ path ~ ": a path with a single quote (') is not supported; rename the file or folder") }}
    {% endif %}
    {% set found = run_query("select count(*) as n from glob('" ~ path ~ "')").rows[0]['n'] %}
    {% if found == 0 %}
        {{ exceptions.raise_compiler_error(what ~ " not found: " ~ path) }}
    {% endif %}
{% endmacro %}

{#
    The cohort layouts: our column, the column in the file, and whether the
    file must have it. `canonical` is the only one shipped.
#}
{% macro cohort_layouts() %}
    {{ return({
        'canonical': [
            {'column_name': 'nsid', 'source_column': 'nsid', 'required': true},
            {'column_name': 'ks4_urn', 'source_column': 'ks4_urn', 'required': true},
            {'column_name': 'ks4_laestab', 'source_column': 'ks4_laestab', 'required': false},
        ],
    }) }}
{% endmacro %}

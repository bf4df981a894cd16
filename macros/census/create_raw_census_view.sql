{#
    Runs before any model (on-run-start). Checks every entry of
    var('census_inputs') (school-level files: one row per school) and of
    var('pupil_census_inputs') (pupil-level files: one row per pupil), and
    creates the views behind source('census', 'school_census') and
    source('census', 'pupil_census'): every data row of every input file,
    every published column as text, under its published name, plus
        _census_input          position of the file in its inputs var (1-based)
        _source_file           the path as given (for Parquet: the file read,
                               which differs when the path is a glob)
        _layout                the declared layout
        _declared_census_year  the declared census year (NULL if not given)
        _decimal_separator     the declared decimal separator ('.' unless given)
        _source_row            data row number in the file (line = row + 1)
    and, in raw.pupil_census, _file_index (position of the file among those a
    Parquet glob matches, in sorted order; NULL for CSV). Files of different
    layouts are stacked with `union all by name`. Either list may be empty,
    not both; an empty list gives an empty view.
    It also creates the view raw.census_files (source census.census_files):
    one row per school-level input with the file's own line counts, read by a
    second, independent reader (every line as one text value), so that the
    reconciliation can check that every line of every file is accounted for.
    Any problem stops the run with a message naming the input and file:
    unknown layout, bad census_year, file not found, an encoding DuckDB cannot
    decode (windows-1252), an empty file, a header without data rows, a file
    read as a single column (wrong delimiter or a short footer line), a mapped
    column missing from the header.
#}
{% macro create_raw_census_view() %}
    {% if not execute %}
        {{ return('') }}
    {% endif %}
    {% set layouts = census_layouts() %}
    {% set school_inputs = var('census_inputs') %}
    {% set pupil_inputs = var('pupil_census_inputs', []) %}
    {% for name, inputs in [('census_inputs', school_inputs), ('pupil_census_inputs', pupil_inputs)] %}
        {% if inputs is string or inputs is mapping or (inputs is not none and inputs is not iterable) %}
            {{ exceptions.raise_compiler_error(
                "var " ~ name ~ " must be a list of mappings with keys path, layout and census_year") }}
        {% endif %}
    {% endfor %}
    {% if not school_inputs and not pupil_inputs %}
        {{ exceptions.raise_compiler_error(
            "var census_inputs must be a non-empty list of mappings with keys path, layout and census_year"
            ~ " (or give pupil-level files in pupil_census_inputs)") }}
    {% endif %}
    {% set school = census_input_selects(school_inputs or [], 'census_inputs', layouts) %}
    {% set pupil = census_input_selects(pupil_inputs or [], 'pupil_census_inputs', layouts) %}
    {% set school_selects, pupil_selects = school['selects'], pupil['selects'] %}
    {% do run_query("create schema if not exists raw") %}
    {% if school['files'] %}
        {% do run_query("create or replace view raw.census_files as (" ~ school['files'] | join(") union all (") ~ ")") %}
    {% else %}
        {% do run_query(
            "create or replace view raw.census_files as select cast(null as integer) as census_input,"
            ~ " cast(null as varchar) as source_file, cast(null as varchar) as layout,"
            ~ " cast(null as bigint) as line_count, cast(null as bigint) as blank_line_count where false") %}
    {% endif %}
    {% for view, selects in [('raw.school_census', school_selects), ('raw.pupil_census', pupil_selects)] %}
        {% if selects %}
            {% do run_query("create or replace view " ~ view ~ " as (" ~ selects | join(") union all by name (") ~ ")") %}
        {% else %}
            {% do run_query(
                "create or replace view " ~ view ~ " as select cast(null as integer) as _census_input,"
                ~ " cast(null as varchar) as _source_file, cast(null as varchar) as _layout,"
                ~ " cast(null as integer) as _declared_census_year, cast(null as varchar) as _decimal_separator,"
                ~ " cast(null as bigint) as _source_row,"
                ~ " cast(null as bigint) as _file_index where false") %}
        {% endif %}
    {% endfor %}
    {{ return('') }}
{% endmacro %}

{#
    The checked SELECT of every input of one inputs var, and for CSV inputs
    the line counts of the second reader: {'selects': [...], 'files': [...]}.
    School-level layouts must map every required census column
    (census_columns), pupil-level layouts every required pupil column
    (pupil_census_columns).
#}
{% macro census_input_selects(inputs, inputs_var, layouts) %}
    {% set is_pupil = inputs_var == 'pupil_census_inputs' %}
    {% set required_columns = (pupil_census_columns() if is_pupil else census_columns())
        | selectattr('required') | map(attribute='name') | list %}
    {% set selects = [] %}
    {% set files = [] %}
    {% for input in inputs %}
        {% set label = inputs_var ~ "[" ~ loop.index ~ "]" %}
        {% if input is not mapping or not input.get('path') or not input.get('layout') %}
            {{ exceptions.raise_compiler_error(label ~ " needs at least the keys path and layout, got: " ~ input) }}
        {% endif %}
        {% set path = input['path'] | string %}
        {% set layout = input['layout'] %}
        {% if layout not in layouts %}
            {{ exceptions.raise_compiler_error(
                label ~ " (" ~ path ~ "): unknown layout '" ~ layout ~ "'; known layouts: "
                ~ (layouts.keys() | sort | join(', ')) ~ " (seeds/census_layout_columns.csv)") }}
        {% endif %}
        {% set unmapped = required_columns | reject('in', layouts[layout].keys() | list) | list %}
        {% if unmapped %}
            {{ exceptions.raise_compiler_error(
                label ~ " (" ~ path ~ "): layout '" ~ layout ~ "' maps no " ~ unmapped | join(', ')
                ~ ", so it is not a " ~ ("pupil-level layout (one row per pupil)" if is_pupil
                else "school-level layout (one row per school); pupil-level files go in the var pupil_census_inputs")) }}
        {% endif %}
        {% set declared_year = input.get('census_year') %}
        {% if declared_year is not none and not modules.re.match('^[0-9]{4}$', declared_year | string | trim) %}
            {{ exceptions.raise_compiler_error(
                label ~ " (" ~ path ~ "): census_year must be a four-digit year, got '" ~ declared_year ~ "'") }}
        {% endif %}
        {% if declared_year is none and 'census_year' not in layouts[layout] %}
            {{ exceptions.raise_compiler_error(
                label ~ " (" ~ path ~ "): layout '" ~ layout ~ "' has no census_year column, so the input must declare census_year") }}
        {% endif %}
        {% set reader = census_file_reader(input) %}
        {% do require_input_file(path, label ~ ": census file") %}
        {% if census_file_is_parquet(input) %}
            {% set rows = run_query("select count(*) as n from " ~ reader).rows[0]['n'] %}
            {% if rows == 0 %}
                {{ exceptions.raise_compiler_error("census file " ~ path ~ " has no data rows") }}
            {% endif %}
            {% set lines = {'line_count': rows + 1, 'blank_line_count': 0} %}
        {% else %}
            {% set encoding = (input.get('encoding') or 'utf-8') | string | lower %}
            {% if encoding not in ['utf-8', 'latin-1', 'utf-16'] %}
                {{ exceptions.raise_compiler_error(
                    "census file " ~ path ~ ": encoding '" ~ input['encoding'] ~ "' cannot be read "
                    ~ "(DuckDB reads only utf-8, utf-16 and latin-1 offline); transcode the file to UTF-8 "
                    ~ "first, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv") }}
            {% endif %}
            {# logged before each read, so that a decoding error from DuckDB (which
               names only the line) follows the name of the file it is about #}
            {{ log(label ~ ": reading census file " ~ path
                ~ " (layout " ~ layout ~ ", encoding " ~ encoding ~ ")", info=True) }}
            {% set lines = run_query(
                "select count(*) as line_count,"
                ~ " count(*) filter (where line is null or trim(line) = '') as blank_line_count"
                ~ " from " ~ census_line_reader(input)).rows[0] %}
            {% if lines['line_count'] - lines['blank_line_count'] == 0 %}
                {{ exceptions.raise_compiler_error(
                    "census file " ~ path ~ " is empty (no header, no data rows)") }}
            {% endif %}
            {% if lines['line_count'] - lines['blank_line_count'] <= 1 %}
                {{ exceptions.raise_compiler_error(
                    "census file " ~ path ~ " has a header but no data rows") }}
            {% endif %}
        {% endif %}
        {% set header = run_query("select * from " ~ reader ~ " limit 0").column_names | map('lower') | list %}
        {% if header | length == 1 and modules.re.search('[,;|\t]', header[0]) %}
            {{ exceptions.raise_compiler_error(
                "census file " ~ path ~ " was read as a single column ('" ~ header[0][:60]
                ~ "...'): declare its delimiter (e.g. delimiter: ';' in census_inputs), or remove "
                ~ "a short line such as a footer note that breaks the CSV shape") }}
        {% endif %}
        {% for column_name, mapping in layouts[layout].items() %}
            {% for source_column in mapping.required_source_columns %}
                {% if source_column | lower not in header %}
                    {{ exceptions.raise_compiler_error(
                        "census file " ~ path ~ " (layout " ~ layout ~ "): column '" ~ source_column
                        ~ "' (mapped to " ~ column_name ~ ") is missing from the file's header") }}
                {% endif %}
            {% endfor %}
        {% endfor %}
        {% set prefix = "select " ~ loop.index ~ " as _census_input, " %}
        {% set suffix = "'" ~ layout ~ "' as _layout, cast(" ~ (declared_year if declared_year is not none else 'null')
            ~ " as integer) as _declared_census_year, '" ~ (input.get('decimal_separator') or '.')
            ~ "' as _decimal_separator, " %}
        {% if census_file_is_parquet(input) %}
            {#
                Row numbers and file names come from the Parquet reader itself
                (parallel, unlike `with ordinality`). School-level values are cast
                to text like CSV cells; pupil-level values keep their Parquet types
                (the staging model compares them as text only after grouping).
            #}
            {% do selects.append(prefix ~ "filename as _source_file, " ~ suffix
                ~ "file_row_number + 1 as _source_row, "
                ~ ("file_index as _file_index, * exclude (filename, file_row_number)" if is_pupil
                    else "columns(* exclude (filename, file_row_number))::varchar")
                ~ " from read_parquet('" ~ path ~ "', filename = true, file_row_number = true)") %}
        {% else %}
            {% do selects.append(prefix ~ "'" ~ path ~ "' as _source_file, " ~ suffix
                ~ "ordinality as _source_row, " ~ ("cast(null as bigint) as _file_index, " if is_pupil else "")
                ~ "* exclude (ordinality) from " ~ reader ~ " with ordinality") %}
        {% endif %}
        {% if not is_pupil %}
            {% do files.append(
                "select " ~ loop.index ~ " as census_input, '" ~ path ~ "' as source_file, '"
                ~ layout ~ "' as layout, cast(" ~ lines['line_count'] ~ " as bigint) as line_count, cast("
                ~ lines['blank_line_count'] ~ " as bigint) as blank_line_count") %}
        {% endif %}
    {% endfor %}
    {{ return({'selects': selects, 'files': files}) }}
{% endmacro %}

{# Whether an input is read as Parquet (its path ends in .parquet). #}
{% macro census_file_is_parquet(input) %}
    {{ return((input['path'] | lower).endswith('.parquet')) }}
{% endmacro %}

{#
    The DuckDB table function that reads one input file. Parquet for paths
    ending in .parquet (values are cast to text where the rows are stacked);
    otherwise CSV (optionally .gz) with every value as text, where optional
    input keys `delimiter`, `encoding` and `decimal_separator` pass through to
    read_csv.
#}
{% macro census_file_reader(input) %}
    {%- if census_file_is_parquet(input) -%}
        {{- "read_parquet('" ~ input['path'] ~ "')" -}}
    {%- else -%}
        {%- set options = ["header = true", "all_varchar = true"] -%}
        {%- if input.get('delimiter') -%}
            {%- do options.append("delim = '" ~ input['delimiter'] ~ "'") -%}
        {%- endif -%}
        {%- if input.get('encoding') -%}
            {%- do options.append("encoding = '" ~ input['encoding'] ~ "'") -%}
        {%- endif -%}
        {%- if input.get('decimal_separator') -%}
            {%- do options.append("decimal_separator = '" ~ input['decimal_separator'] ~ "'") -%}
        {%- endif -%}
        read_csv('{{ input['path'] }}', {{ options | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{#
    A second, independent reader of one input file for the reconciliation:
    every line (header included) as a single text value, no quoting, no
    sniffing. Blank lines come through as NULL. (A quoted value spanning
    several lines would count as several lines; DfE files have none.)
#}
{% macro census_line_reader(input) %}
    {%- set options = ["header = false", "all_varchar = true", "columns = {'line': 'varchar'}",
        "delim = '\\x1f'", "quote = ''", "escape = ''", "auto_detect = false"] -%}
    {%- if input.get('encoding') -%}
        {%- do options.append("encoding = '" ~ input['encoding'] ~ "'") -%}
    {%- endif -%}
    read_csv('{{ input['path'] }}', {{ options | join(', ') }})
{%- endmacro %}

{#
    Pupil-level census input: files listed in var('pupil_census_inputs'), one
    row per pupil and census year. Their layouts (rows of
    seeds/census_layout_columns.csv) map these columns; the codes each
    characteristic may take, and which school-year count each code adds to,
    are the rows of seeds/pupil_census_codes.csv.
#}
{% macro pupil_census_columns() %}
    {{ return([
        {'name': 'census_year', 'required': false},
        {'name': 'urn', 'required': true},
        {'name': 'la_code', 'required': true},
        {'name': 'phase', 'required': true},
        {'name': 'fsm_eligible', 'required': true},
        {'name': 'fsm_taken', 'required': true},
        {'name': 'sen_provision', 'required': true},
        {'name': 'first_language', 'required': true},
        {'name': 'ethnicity', 'required': true},
    ]) }}
{% endmacro %}

{# The pupil characteristics: the columns whose values are codes of the codes seed. #}
{% macro pupil_census_characteristics() %}
    {{ return(['fsm_eligible', 'fsm_taken', 'sen_provision', 'first_language', 'ethnicity']) }}
{% endmacro %}

{#
    Reads seeds/pupil_census_codes.csv at compile time. Returns
    {'codes': {column: [every valid code]},
     'measures': {measure: {column: [codes counted in the measure]}}}.
#}
{% macro pupil_census_codes() %}
    {% set result = {'codes': {}, 'measures': {}} %}
    {% if not execute %}
        {{ return(result) }}
    {% endif %}
    {% set seed_path = var('pupil_census_codes_seed_path', 'seeds/pupil_census_codes.csv') %}
    {% set query %}
        select column_name, code, counts_as
        from read_csv('{{ seed_path }}', header = true, all_varchar = true)
    {% endset %}
    {% for row in run_query(query).rows %}
        {% do result['codes'].setdefault(row['column_name'], []).append(row['code']) %}
        {% if row['counts_as'] %}
            {% do result['measures'].setdefault(row['counts_as'], {}).setdefault(
                row['column_name'], []).append(row['code']) %}
        {% endif %}
    {% endfor %}
    {{ return(result) }}
{% endmacro %}

{#
    A pupil column from each row's layout, for the layouts of
    var('pupil_census_inputs'), as text (or, with as_text=false and a single
    layout in use, in the file's own type, which groups faster). With one
    layout in use (the usual case) there is no per-row `case`.
#}
{% macro pupil_mapped_text(column_name, layouts, as_text=true) %}
    {%- set in_use = census_layouts_in_use('pupil_census_inputs') -%}
    {%- set branches = [] -%}
    {%- for layout in in_use -%}
        {%- set mapping = layouts.get(layout, {}).get(column_name) -%}
        {%- if mapping -%}
            {%- do branches.append([layout, ("cast(" ~ mapping['source_expression'] ~ " as varchar)")
                if as_text or in_use | length > 1 else mapping['source_expression']]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if branches | length == 1 and in_use | length == 1 -%}
        {{ branches[0][1] }}
    {%- elif branches -%}
        case _layout
        {%- for layout, expression in branches %} when '{{ layout }}' then {{ expression }}{% endfor %} end
    {%- else -%}
        cast(null as varchar)
    {%- endif -%}
{% endmacro %}

{# `case census_input when 1 then '<path>' ... end`: the paths as given in var('pupil_census_inputs'). #}
{% macro pupil_input_path(census_input_column) %}
    {%- set inputs = var('pupil_census_inputs', []) or [] -%}
    {%- if inputs -%}
        case {{ census_input_column }}
        {%- for input in inputs %} when {{ loop.index }} then '{{ input['path'] | replace("'", "''") }}'{% endfor %} end
    {%- else -%}
        cast(null as varchar)
    {%- endif -%}
{% endmacro %}

{#
    SQL naming the file of a pupil row from its input's position and its
    _file_index: the files a Parquet path matches are listed at compile time
    (in the sorted order the Parquet reader numbers them).
#}
{% macro pupil_file_name(census_input_column, file_index_column) %}
    {%- set branches = [] -%}
    {%- if execute -%}
        {%- for input in var('pupil_census_inputs', []) or [] -%}
            {%- set input_index = loop.index -%}
            {%- if (input['path'] | lower).endswith('.parquet') -%}
                {%- set files = run_query("select file from glob('" ~ input['path'] ~ "') order by file").columns[0].values() -%}
                {%- for file in files -%}
                    {%- do branches.append("when " ~ census_input_column ~ " = " ~ input_index ~ " and "
                        ~ file_index_column ~ " = " ~ loop.index0 ~ " then '" ~ file | replace("'", "''") ~ "'") -%}
                {%- endfor -%}
            {%- else -%}
                {%- do branches.append("when " ~ census_input_column ~ " = " ~ input_index
                    ~ " then '" ~ input['path'] | replace("'", "''") ~ "'") -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if branches -%}
        case {{ branches | join(' ') }} end
    {%- else -%}
        cast(null as varchar)
    {%- endif -%}
{% endmacro %}

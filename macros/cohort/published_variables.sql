{#
    The catalogue's variables (seed published_variables) for the census years
    loaded, in catalogue order: NSID and KS4_URNANON, then every variable of a
    loaded year. The years loaded are var('published_census_years') when set,
    else the census years of int_census__school_years. Each item is a dict with
    variable_name, label, census_year, index_name and indicator.
#}
{% macro published_variables_for_loaded_years() %}
    {% if not execute %}
        {{ return([]) }}
    {% endif %}
    {% set years = var('published_census_years', none) %}
    {% if years is none %}
        {% set years = run_query(
            "select distinct census_year from " ~ ref('int_census__school_years')
        ).columns[0].values() | map('int') | list %}
    {% endif %}
    {% if years is string or years is number %}
        {{ exceptions.raise_compiler_error(
            "var published_census_years must be a list of years, e.g. [2005, 2006], got: " ~ years) }}
    {% endif %}
    {% set years = years | map('int') | list %}
    {% set rows = seed_file_rows(
        'published_variables',
        ['variable_name', 'label', 'census_year', 'index_name', 'indicator', 'cast(position as integer) as position']
    ).rows %}
    {% set variables = [] %}
    {% for row in rows | sort(attribute='position') %}
        {% if not row['census_year'] or (row['census_year'] | int) in years %}
            {% do variables.append({
                'variable_name': row['variable_name'],
                'label': row['label'],
                'census_year': row['census_year'] | int if row['census_year'] else none,
                'index_name': row['index_name'],
                'indicator': row['indicator'],
            }) %}
        {% endif %}
    {% endfor %}
    {{ return(variables) }}
{% endmacro %}

{#
    True when every input is a shipped demo file (under data/census/ or
    data/demo/): only then may the documented demo key anonymise school ids.
#}
{% macro uses_demo_inputs() %}
    {% set paths = [var('cohort_input')['path']] %}
    {% for input in var('census_inputs') %}
        {% do paths.append(input['path']) %}
    {% endfor %}
    {% for path in paths %}
        {% if '..' in path or not (path.startswith('data/census/') or path.startswith('data/demo/')) %}
            {{ return(false) }}
        {% endif %}
    {% endfor %}
    {{ return(true) }}
{% endmacro %}

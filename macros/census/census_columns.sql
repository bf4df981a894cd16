{#
    The columns of our census staging model, in order. `kind` says how a raw
    text value is parsed: `count` (whole number, or decimal where the layout
    allows) or `text` (identifiers, parsed in the staging model itself).
    `required` columns must be mapped by every layout.
#}
{% macro census_columns() %}
    {{ return([
        {'name': 'census_year', 'kind': 'text', 'required': false},
        {'name': 'urn', 'kind': 'text', 'required': true},
        {'name': 'laestab', 'kind': 'text', 'required': false},
        {'name': 'la_code', 'kind': 'text', 'required': true},
        {'name': 'la_name', 'kind': 'text', 'required': false},
        {'name': 'ons_la_code', 'kind': 'text', 'required': false},
        {'name': 'phase', 'kind': 'text', 'required': true},
        {'name': 'headcount', 'kind': 'count', 'required': true},
        {'name': 'fsm_eligible', 'kind': 'count', 'required': false},
        {'name': 'fsm_taken', 'kind': 'count', 'required': false},
        {'name': 'sen_statement', 'kind': 'count', 'required': false},
        {'name': 'sen_support', 'kind': 'count', 'required': false},
        {'name': 'eal', 'kind': 'count', 'required': false},
        {'name': 'white_british', 'kind': 'count', 'required': false},
        {'name': 'non_white_british', 'kind': 'count', 'required': false},
    ]) }}
{% endmacro %}

{% macro census_count_columns() %}
    {{ return(census_columns() | selectattr('kind', 'equalto', 'count') | map(attribute='name') | list) }}
{% endmacro %}

{#
    Cell values that DfE publishes instead of a number. They become NULL, and
    the marker is kept in the `<column>_marker` flag column. The empty cell is
    recorded as the marker '' (empty string).
        z  not applicable          x  not available / withheld
        c  confidential            .. / :  not available
        NA missing (R exports)
#}
{% macro dfe_value_markers() %}
    {{ return(['z', 'x', 'c', '..', ':', 'NA', '']) }}
{% endmacro %}

{#
    URN values that mark national or regional total rows, not schools
    (the performance-tables file ends with three `NAT` rows).
#}
{% macro census_total_row_urns() %}
    {{ return(['NAT', 'ENG', 'ENGLAND', 'TOTAL']) }}
{% endmacro %}

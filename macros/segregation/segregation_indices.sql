{#
    The only place the segregation formulas live.

    For an area with schools i, Fi pupils in the group, Ti pupils in the base
    (all pupils by default) and Ni = Ti - Fi pupils outside the group, and area
    totals F, T and N:
        GS = 0.5 * sum(|Fi/F - Ti/T|)      (Gorard Segregation Index)
        D  = 0.5 * sum(|Fi/F - Ni/N|)      (Dissimilarity Index)
    so that GS = D * N / T.

    Step 1 is a window aggregate (share_within), step 2 an ordinary aggregate
    (gorard_segregation_index, dissimilarity_index) that must sit in a query
    grouped by the same area columns.
#}

{#
    A unit's share of its partition total, as a window aggregate over
    `partition_by` (a list of columns). NULL when the partition total is 0, and
    for rows whose count is NULL (they add nothing to the total either).
#}
{% macro share_within(count_column, partition_by) %}
    cast({{ count_column }} as double)
    / nullif(
        sum({{ count_column }}) over (
            partition by {{ partition_by | join(', ') }}
        ),
        0
    )
{% endmacro %}

{# Half the summed absolute difference of two share columns: an aggregate. #}
{% macro half_sum_abs_difference(share_a, share_b) %}
    0.5 * sum(abs({{ share_a }} - {{ share_b }}))
{% endmacro %}

{# GS: the group's share of each school against the base's share. #}
{% macro gorard_segregation_index(group_share, base_share) %}
    {{ half_sum_abs_difference(group_share, base_share) }}
{% endmacro %}

{# D: the group's share of each school against everyone else's share. #}
{% macro dissimilarity_index(group_share, complement_share) %}
    {{ half_sum_abs_difference(group_share, complement_share) }}
{% endmacro %}

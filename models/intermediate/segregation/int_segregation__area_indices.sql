{#
    One row per area (each local authority, and England), census year and
    indicator: GS and D computed in one set-based pass over all areas by the
    macros share_within, gorard_segregation_index and dissimilarity_index.
#}

{%- set area = ['area_level', 'area_code', 'census_year', 'indicator'] -%}

with

school_indicator_counts as (

    select * from {{ ref('int_segregation__school_indicator_counts') }}

),

school_counts_used as (

    select
        census_year,
        urn,
        la_code,
        indicator,
        is_used,
        case when is_used then group_count end as group_count,
        case when is_used then base_count end as base_count,
        case when is_used then base_count - group_count end as complement_count

    from school_indicator_counts

),

school_counts_by_area as (

    select
        'la' as area_level,
        la_code as area_code,
        census_year,
        indicator,
        urn,
        is_used,
        group_count,
        base_count,
        complement_count
    from school_counts_used

    union all

    select
        'england' as area_level,
        '{{ var("england_area_code") }}' as area_code,
        census_year,
        indicator,
        urn,
        is_used,
        group_count,
        base_count,
        complement_count
    from school_counts_used

),

school_shares as (

    select
        area_level,
        area_code,
        census_year,
        indicator,
        urn,
        is_used,
        group_count,
        base_count,
        {{ share_within('group_count', area) }} as group_share,
        {{ share_within('base_count', area) }} as base_share,
        {{ share_within('complement_count', area) }} as complement_share

    from school_counts_by_area

),

area_indices as (

    select
        area_level,
        area_code,
        census_year,
        indicator,
        count(*) filter (where is_used) as schools_used,
        count(*) filter (where not is_used) as schools_excluded,
        coalesce(sum(group_count), 0) as group_pupils,
        coalesce(sum(base_count), 0) as base_pupils,
        {{ gorard_segregation_index('group_share', 'base_share') }} as gs,
        {{ dissimilarity_index('group_share', 'complement_share') }} as d

    from school_shares

    group by area_level, area_code, census_year, indicator

)

select * from area_indices

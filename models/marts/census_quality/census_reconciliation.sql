{#
    One row per census input file: every data line of the file accounted for.
    The line counts come from the file itself (source census_files, a second
    reader); each outcome is counted from the model that holds those rows, so
    a row lost or duplicated anywhere between the file and the indices shows
    up as an imbalance (tested).
#}

with

census_files as (

    select * from {{ source('census', 'census_files') }}

),

census_rows as (

    select * from {{ ref('stg_census__rows') }}

),

row_checks as (

    select * from {{ ref('int_census__row_checks') }}

),

school_years as (

    select * from {{ ref('int_census__school_years') }}

),

rows_read as (

    select
        census_input,
        count(*) as rows_read,
        count(*) filter (where row_kind != 'school') as rows_non_school

    from census_rows

    group by census_input

),

rows_quarantined as (

    select
        census_input,
        count(*) as rows_quarantined

    from row_checks

    where row_outcome = 'quarantined'

    group by census_input

),

school_rows as (

    select
        census_input,
        count(*) filter (where is_in_scope) as rows_kept,
        count(*) filter (where not is_in_scope) as rows_out_of_scope

    from school_years

    group by census_input

),

final as (

    select
        census_files.census_input,
        census_files.source_file,
        census_files.layout,
        census_files.line_count,
        census_files.blank_line_count,
        census_files.line_count - 1 - census_files.blank_line_count
            as data_rows,
        coalesce(rows_read.rows_read, 0) as rows_read,
        coalesce(school_rows.rows_kept, 0) as rows_kept,
        coalesce(school_rows.rows_out_of_scope, 0) as rows_out_of_scope,
        coalesce(rows_read.rows_non_school, 0) as rows_non_school,
        coalesce(rows_quarantined.rows_quarantined, 0) as rows_quarantined

    from census_files

    left join rows_read
        on census_files.census_input = rows_read.census_input

    left join rows_quarantined
        on census_files.census_input = rows_quarantined.census_input

    left join school_rows
        on census_files.census_input = school_rows.census_input

)

select
    census_input,
    source_file,
    layout,
    line_count,
    blank_line_count,
    data_rows,
    rows_read,
    rows_kept,
    rows_out_of_scope,
    rows_non_school,
    rows_quarantined,
    rows_kept + rows_out_of_scope + rows_non_school + rows_quarantined
    = data_rows
    and rows_read = data_rows as is_balanced

from final

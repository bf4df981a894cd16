{#
    For every census input file, the row counts by outcome and reason add up
    to the data rows counted from the file itself, and each outcome's total
    equals the file-level reconciliation.
#}

with

reconciliation as (

    select * from {{ ref('census_reconciliation') }}

),

by_reason as (

    select * from {{ ref('census_reconciliation_by_reason') }}

),

totals as (

    select
        census_input,
        sum(row_count) as row_count,
        sum(row_count) filter (where row_outcome = 'kept') as rows_kept,
        sum(row_count) filter (
            where row_outcome = 'out_of_scope'
        ) as rows_out_of_scope,
        sum(row_count) filter (
            where row_outcome = 'non_school'
        ) as rows_non_school,
        sum(row_count) filter (
            where row_outcome = 'quarantined'
        ) as rows_quarantined

    from by_reason

    group by census_input

),

validation_errors as (

    select
        reconciliation.census_input,
        reconciliation.source_file,
        reconciliation.data_rows,
        totals.row_count

    from reconciliation

    left join totals
        on reconciliation.census_input = totals.census_input

    where
        coalesce(totals.row_count, 0) != reconciliation.data_rows
        or coalesce(totals.rows_kept, 0) != reconciliation.rows_kept
        or coalesce(totals.rows_out_of_scope, 0)
        != reconciliation.rows_out_of_scope
        or coalesce(totals.rows_non_school, 0)
        != reconciliation.rows_non_school
        or coalesce(totals.rows_quarantined, 0)
        != reconciliation.rows_quarantined

)

select * from validation_errors

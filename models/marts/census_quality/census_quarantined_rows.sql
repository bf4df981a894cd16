{#
    The quarantined census rows, for the data manager: one row per quarantined
    data row, naming file, row, line, the first reason and every problem.
#}

with

row_checks as (

    select * from {{ ref('int_census__row_checks') }}

),

final as (

    select
        census_input,
        source_file,
        source_row,
        census_year,
        urn,
        laestab,
        la_code,
        quarantine_reason,
        quarantine_detail,
        source_row + 1 as source_line

    from row_checks

    where row_outcome = 'quarantined'

)

select * from final

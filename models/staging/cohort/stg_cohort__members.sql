{#
    One row per cohort member: ids trimmed, the KS4 URN and LAESTAB parsed.
    A member with no person id stops the build; a malformed KS4 URN is kept
    as a link problem (the member is still published, without linked values).
#}

with

source as (

    select * from {{ source('cohort', 'cohort_members') }}

),

trimmed as (

    select
        _source_file as source_file,
        _source_row as source_row,
        trim(nsid) as nsid,
        nullif(trim(ks4_urn), '') as ks4_urn_text,
        nullif(trim(ks4_laestab), '') as ks4_laestab_text

    from source

),

parsed as (

    select
        source_file,
        source_row,
        case
            when nsid is null or nsid = ''
                then error(
                    'cohort file ' || source_file || ', data row '
                    || cast(source_row as varchar) || ' (line '
                    || cast(source_row + 1 as varchar)
                    || '), column "nsid": the person id is empty'
                )
            else nsid
        end as nsid,
        case
            when regexp_full_match(ks4_urn_text, '[0-9]{1,8}')
                then cast(cast(ks4_urn_text as bigint) as varchar)
        end as ks4_urn,
        case
            when regexp_full_match(ks4_laestab_text, '[0-9]{7}')
                then ks4_laestab_text
        end as ks4_laestab,
        coalesce(
            ks4_urn_text is not null
            and not regexp_full_match(ks4_urn_text, '[0-9]{1,8}'),
            false
        ) as is_ks4_urn_malformed,
        coalesce(
            ks4_laestab_text is not null
            and not regexp_full_match(ks4_laestab_text, '[0-9]{7}'),
            false
        ) as is_ks4_laestab_malformed

    from trimmed

)

select * from parsed

-- id: tableau-connect-01
-- source: Tableau (connection test)
-- run: yes
SELECT 1
;;
-- id: dbeaver-connect-01
-- source: DBeaver (connection test)
-- run: yes
SELECT current_catalog(), current_database(), current_user()
;;
-- id: beeline-show-databases-01
-- source: Beeline
-- run: yes
show databases;
;;
-- id: beeline-show-current-namespace-01
-- source: Beeline
-- run: yes
SHOW CURRENT NAMESPACE;
;;
-- id: beeline-show-catalogs-01
-- source: Beeline
-- run: yes
SHOW CATALOGS;
;;
-- id: beeline-use-01
-- source: Beeline
-- run: yes
use tpch;
;;
-- id: beeline-show-tables-01
-- source: Beeline
-- run: no: relies on the USE tpch of an earlier statement in the same session
show tables;
;;
-- id: beeline-desc-unqualified-01
-- source: Beeline
-- run: no: relies on the USE tpch of an earlier statement in the same session
desc nation;
;;
-- id: beeline-select-unqualified-01
-- source: Beeline
-- run: no: relies on the USE tpch of an earlier statement in the same session
select * from region;
;;
-- id: beeline-use-02
-- source: Beeline
-- run: yes
USE lakehouse.tpch;
;;
-- id: beeline-show-tables-02
-- source: Beeline
-- run: yes
show tables in tpch;
;;
-- id: beeline-show-tables-03
-- source: Beeline
-- run: yes
SHOW TABLES FROM lakehouse.tpch LIKE 'part*|line*';
;;
-- id: beeline-describe-formatted-01
-- source: Beeline
-- run: yes
describe formatted tpch.orders;
;;
-- id: beeline-desc-01
-- source: Beeline
-- run: yes
desc tpch.nation;
;;
-- id: beeline-describe-column-01
-- source: Beeline
-- run: yes
DESCRIBE tpch.region r_name;
;;
-- id: beeline-describe-table-extended-01
-- source: Beeline
-- run: yes
describe table extended tpch.lineitem;
;;
-- id: beeline-set-01
-- source: Beeline
-- run: yes
set spark.sql.shuffle.partitions=4;
;;
-- id: beeline-set-02
-- source: Beeline
-- run: yes
set spark.sql.shuffle.partitions;
;;
-- id: beeline-set-03
-- source: Beeline
-- run: yes
set;
;;
-- id: beeline-set-04
-- source: Beeline
-- run: yes
SET -v;
;;
-- id: beeline-set-05
-- source: Beeline
-- run: yes
set spark.sql.adaptive.enabled = true;
;;
-- id: beeline-set-time-zone-01
-- source: Beeline
-- run: yes
SET TIME ZONE 'UTC';
;;
-- id: beeline-reset-01
-- source: Beeline
-- run: yes
reset spark.sql.shuffle.partitions;
;;
-- id: beeline-reset-02
-- source: Beeline
-- run: yes
reset;
;;
-- id: beeline-select-01
-- source: Beeline
-- run: yes
-- quick look at the nations
select * from tpch.nation limit 10;
;;
-- id: beeline-select-02
-- source: Beeline
-- run: yes
/* how many orders per status? */
select o_orderstatus, count(*) as cnt
from tpch.orders   -- TPC-H orders
group by o_orderstatus
order by cnt desc;
;;
-- id: beeline-explain-01
-- source: Beeline
-- run: yes
explain select n_name, count(*) from tpch.customer join tpch.nation on c_nationkey = n_nationkey group by n_name;
;;
-- id: beeline-explain-02
-- source: Beeline
-- run: yes
explain extended select * from tpch.orders where o_orderdate >= date '1998-01-01' limit 5;
;;
-- id: beeline-explain-03
-- source: Beeline
-- run: yes
EXPLAIN FORMATTED
SELECT l_returnflag, sum(l_quantity) FROM tpch.lineitem GROUP BY l_returnflag;
;;
-- id: beeline-explain-04
-- source: Beeline
-- run: yes
EXPLAIN COST SELECT * FROM tpch.region r JOIN tpch.nation n ON r.r_regionkey = n.n_regionkey;
;;
-- id: beeline-explain-05
-- source: Beeline
-- run: yes
explain codegen select sum(o_totalprice) from tpch.orders;
;;
-- id: beeline-show-functions-01
-- source: Beeline
-- run: no: lists the session's current namespace, which depends on an earlier USE in the same session
show functions;
;;
-- id: beeline-show-functions-02
-- source: Beeline
-- run: yes
SHOW SYSTEM FUNCTIONS LIKE 'date*';
;;
-- id: beeline-show-functions-03
-- source: Beeline
-- run: yes
SHOW FUNCTIONS IN lakehouse.system;
;;
-- id: beeline-describe-function-01
-- source: Beeline
-- run: yes
DESCRIBE FUNCTION EXTENDED explode;
;;
-- id: beeline-describe-query-01
-- source: Beeline
-- run: yes
DESCRIBE QUERY SELECT o_orderkey, o_totalprice * 2 AS doubled FROM tpch.orders;
;;
-- id: beeline-list-jars-01
-- source: Beeline
-- run: yes
LIST JARS;
;;
-- id: beeline-add-jar-01
-- source: Beeline
-- run: no: the jar is not on the engine host
ADD JAR '/opt/udfs/sluice-udfs.jar';
;;
-- id: beeline-create-temp-function-01
-- source: Beeline
-- run: no: the UDF class is not on the engine classpath
CREATE TEMPORARY FUNCTION normalize_phone AS 'com.example.udf.NormalizePhone';
;;
-- id: beeline-drop-database-01
-- source: Beeline
-- run: yes
DROP DATABASE IF EXISTS corpus_scratch CASCADE;
;;
-- id: dbt-create-schema-01
-- source: dbt-spark adapter (create_schema)
-- run: yes
create schema if not exists lakehouse.corpus
;;
-- id: dbt-create-schema-02
-- source: dbt-spark adapter (create_schema)
-- run: yes
create schema if not exists corpus
;;
-- id: dbt-list-schemas-01
-- source: dbt-spark adapter (list_schemas)
-- run: yes
show databases
;;
-- id: dbt-list-relations-01
-- source: dbt-spark adapter (list_relations_without_caching)
-- run: no: SHOW TABLE EXTENDED is not supported for v2 (Iceberg) catalogs in Spark 3.5 (SPARK-33393)
show table extended in corpus like '*'
;;
-- id: dbt-list-relations-02
-- source: dbt-spark adapter (list_relations_show_tables_without_caching)
-- run: yes
show tables in corpus like '*'
;;
-- id: dbt-table-01
-- source: dbt-spark table materialization
-- run: yes
create or replace table lakehouse.corpus.orders_by_status using iceberg as
select o_orderstatus, count(*) as n from tpch.orders group by o_orderstatus
;;
-- id: dbt-table-02
-- source: dbt-spark table materialization
-- run: yes
/* {"app": "dbt", "dbt_version": "1.8.7", "profile_name": "sluice", "target_name": "dev", "node_id": "model.jaffle.stg_orders"} */

  
    
        create or replace table lakehouse.corpus.stg_orders
      
      
    using iceberg
      
      
    tblproperties (
      'format-version' = '2' , 'write.parquet.compression-codec' = 'zstd' 
    )
      partitioned by (o_orderstatus)
      
      
      comment 'Orders staged from tpch.orders'

      as
      
with source as (
    select * from tpch.orders
),

renamed as (
    select
        o_orderkey,
        o_custkey,
        o_totalprice,
        o_orderdate,
        o_orderpriority,
        o_orderstatus
    from source
)

select * from renamed
  
;;
-- id: dbt-table-03
-- source: dbt-spark table materialization
-- run: yes
/* {"app": "dbt", "dbt_version": "1.8.7", "node_id": "model.jaffle.dim_customers"} */
create or replace table corpus.dim_customers
      
    using iceberg
      
    options (
      write.format.default "parquet" 
    )

      as
      select
    c.c_custkey,
    c.c_name,
    c.c_mktsegment,
    c.c_acctbal,
    n.n_name as nation_name,
    r.r_name as region_name
from tpch.customer c
join tpch.nation n on c.c_nationkey = n.n_nationkey
join tpch.region r on n.n_regionkey = r.r_regionkey
;;
-- id: dbt-table-04
-- source: dbt-spark table materialization
-- run: no: LOCATION outside the warehouse
create or replace table lakehouse.corpus.stg_lineitem
    using iceberg
    location '/mnt/datalake/dbt/stg_lineitem'
    as
    select * from tpch.lineitem
;;
-- id: dbt-table-05
-- source: dbt-spark table materialization
-- run: no: Iceberg tables do not support CLUSTERED BY buckets
create or replace table lakehouse.corpus.stg_partsupp
    using iceberg
    partitioned by (ps_suppkey)
    clustered by (ps_partkey) into 4 buckets
    as
    select * from tpch.partsupp
;;
-- id: dbt-table-06
-- source: dbt-spark table materialization (contract enforced)
-- run: yes
create or replace table lakehouse.corpus.nation_regions
    using iceberg
    as
    select n_nationkey, n_name, r_name
    from (
        select n.n_nationkey, n.n_name, r.r_name
        from tpch.nation n
        join tpch.region r on n.n_regionkey = r.r_regionkey
    ) as model_subq
;;
-- id: dbt-get-empty-subquery-01
-- source: dbt-spark adapter (get_columns_in_query)
-- run: yes
select * from (
        select o_orderkey, o_custkey, o_totalprice from tpch.orders
    ) as __dbt_sbq
    where false
    limit 0
;;
-- id: dbt-get-columns-01
-- source: dbt-spark adapter (get_columns_in_relation)
-- run: yes
describe extended lakehouse.corpus.stg_orders
;;
-- id: dbt-get-columns-02
-- source: dbt-spark adapter (get_columns_in_relation)
-- run: yes
describe extended corpus.dim_customers
;;
-- id: dbt-show-tblproperties-01
-- source: dbt-spark adapter (fetch_tbl_properties)
-- run: yes
SHOW TBLPROPERTIES lakehouse.corpus.stg_orders
;;
-- id: dbt-view-01
-- source: dbt-spark view materialization
-- run: yes
/* {"app": "dbt", "dbt_version": "1.8.7", "node_id": "model.jaffle.v_customer_nation"} */
create or replace view lakehouse.corpus.v_customer_nation
  
  as
    select c_custkey, c_name, n_name, c_acctbal
from tpch.customer
join tpch.nation on c_nationkey = n_nationkey
;;
-- id: dbt-view-02
-- source: dbt-spark view materialization (persist_docs)
-- run: yes
create or replace view corpus.v_order_summary
  (
    `o_orderstatus` comment 'Order status: F, O or P',
    `order_count` comment 'Number of orders',
    `total_price` 
  )
  comment 'Order counts and revenue by status'
  as
    select o_orderstatus, count(*) as order_count, sum(o_totalprice) as total_price
    from corpus.stg_orders
    group by o_orderstatus
;;
-- id: dbt-persist-docs-01
-- source: dbt-spark adapter (alter_column_comment, Iceberg)
-- run: yes
alter table lakehouse.corpus.dim_customers alter column
              c_name
              comment 'Customer name as in TPC-H';
;;
-- id: dbt-persist-docs-02
-- source: dbt-spark adapter (alter_column_comment, Delta/Hudi form)
-- run: yes
alter table lakehouse.corpus.dim_customers change column
              c_acctbal
              comment 'Account balance in USD';
;;
-- id: dbt-constraint-not-null-01
-- source: dbt-spark adapter (alter_column_set_constraints)
-- run: no: Iceberg cannot change an optional column to required
alter table lakehouse.corpus.dim_customers change column c_custkey set not null ;
;;
-- id: dbt-incremental-append-01
-- source: dbt-spark incremental materialization (first run)
-- run: yes
create or replace table lakehouse.corpus.fct_orders
      using iceberg
      partitioned by (o_orderstatus)
      as
      select o_orderkey, o_custkey, o_totalprice, o_orderdate, o_orderpriority, o_orderstatus
from tpch.orders
where o_orderdate < date '1997-01-01'
;;
-- id: iceberg-create-tag-01
-- source: Iceberg DDL (Spark SQL extensions)
-- run: yes
ALTER TABLE lakehouse.corpus.fct_orders CREATE TAG IF NOT EXISTS initial_load RETAIN 30 DAYS
;;
-- id: dbt-incremental-tmp-view-01
-- source: dbt-spark incremental materialization (create_temporary_view)
-- run: no: temporary views live in one engine session
create or replace temporary view fct_orders__dbt_tmp as
      select o_orderkey, o_custkey, o_totalprice, o_orderdate, o_orderpriority, o_orderstatus
from tpch.orders
where o_orderdate >= date '1997-01-01'
;;
-- id: dbt-incremental-append-02
-- source: dbt-spark incremental materialization (append)
-- run: no: reads the temporary view fct_orders__dbt_tmp of the same session
insert into table lakehouse.corpus.fct_orders
    select `o_orderkey`, `o_custkey`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_orderstatus` from fct_orders__dbt_tmp
;;
-- id: dbt-incremental-tmp-table-01
-- source: dbt-spark incremental materialization (python model staging table)
-- run: yes
create or replace table lakehouse.corpus.fct_orders__dbt_tmp
      using iceberg
      as
      select o_orderkey, o_custkey, o_totalprice, o_orderdate, o_orderpriority, o_orderstatus
from tpch.orders
where o_orderdate >= date '1997-01-01'
;;
-- id: dbt-incremental-append-03
-- source: dbt-spark incremental materialization (append)
-- run: yes
insert into table lakehouse.corpus.fct_orders
    select `o_orderkey`, `o_custkey`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_orderstatus` from lakehouse.corpus.fct_orders__dbt_tmp
;;
-- id: dbt-incremental-overwrite-mode-01
-- source: dbt-spark incremental materialization (insert_overwrite)
-- run: yes
set spark.sql.sources.partitionOverwriteMode = DYNAMIC
;;
-- id: dbt-incremental-overwrite-01
-- source: dbt-spark incremental materialization (insert_overwrite, Iceberg)
-- run: yes
insert overwrite lakehouse.corpus.fct_orders
    select `o_orderkey`, `o_custkey`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_orderstatus` from lakehouse.corpus.fct_orders__dbt_tmp
;;
-- id: dbt-incremental-overwrite-02
-- source: dbt-spark incremental materialization (insert_overwrite, dynamic partitions)
-- run: yes
insert overwrite table lakehouse.corpus.fct_orders
      partition (o_orderstatus)
    select `o_orderkey`, `o_custkey`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_orderstatus` from lakehouse.corpus.fct_orders__dbt_tmp
;;
-- id: dbt-incremental-overwrite-03
-- source: dbt-spark incremental materialization (insert_overwrite, static partition)
-- run: yes
insert overwrite table lakehouse.corpus.fct_orders
      partition (o_orderstatus = 'P')
    select `o_orderkey`, `o_custkey`, `o_totalprice`, `o_orderdate`, `o_orderpriority` from lakehouse.corpus.fct_orders__dbt_tmp
    where o_orderstatus = 'P'
;;
-- id: dbt-incremental-merge-01
-- source: dbt-spark incremental materialization (merge)
-- run: yes
merge into lakehouse.corpus.fct_orders as DBT_INTERNAL_DEST
      using lakehouse.corpus.fct_orders__dbt_tmp as DBT_INTERNAL_SOURCE
      on 
                  DBT_INTERNAL_SOURCE.o_orderkey = DBT_INTERNAL_DEST.o_orderkey
              

      when matched then update set
         * 

      when not matched then insert *
;;
-- id: dbt-incremental-merge-02
-- source: dbt-spark incremental materialization (merge, incremental_predicates)
-- run: yes
merge into lakehouse.corpus.fct_orders as DBT_INTERNAL_DEST
      using lakehouse.corpus.fct_orders__dbt_tmp as DBT_INTERNAL_SOURCE
      on DBT_INTERNAL_DEST.o_orderdate >= date_sub(current_date(), 36500) and 
                  DBT_INTERNAL_SOURCE.o_orderkey = DBT_INTERNAL_DEST.o_orderkey
              

      when matched then update set
        
            o_totalprice = DBT_INTERNAL_SOURCE.o_totalprice, 
            o_orderpriority = DBT_INTERNAL_SOURCE.o_orderpriority

      when not matched then insert *
;;
-- id: dbt-incremental-merge-03
-- source: dbt-spark incremental materialization (merge, no unique_key)
-- run: no: reads the temporary view fct_orders__dbt_tmp of the same session
merge into lakehouse.corpus.fct_orders as DBT_INTERNAL_DEST
      using fct_orders__dbt_tmp as DBT_INTERNAL_SOURCE
      on FALSE

      when matched then update set
         * 

      when not matched then insert *
;;
-- id: dbt-incremental-drop-tmp-01
-- source: dbt-spark incremental materialization (python model cleanup)
-- run: yes
drop table if exists lakehouse.corpus.fct_orders__dbt_tmp
;;
-- id: dbt-incremental-merge-tmp-01
-- source: dbt-spark incremental materialization (python model staging table)
-- run: yes
create or replace table lakehouse.corpus.dim_customers__dbt_tmp
      using iceberg
      as
      select
    c.c_custkey,
    c.c_name,
    c.c_mktsegment,
    case when c.c_custkey % 5 = 0 then c.c_acctbal + 100 else c.c_acctbal end as c_acctbal,
    n.n_name as nation_name,
    r.r_name as region_name
from tpch.customer c
join tpch.nation n on c.c_nationkey = n.n_nationkey
join tpch.region r on n.n_regionkey = r.r_regionkey
where c.c_custkey <= 500
;;
-- id: dbt-incremental-merge-04
-- source: dbt-spark incremental materialization (merge)
-- run: yes
merge into lakehouse.corpus.dim_customers as DBT_INTERNAL_DEST
      using lakehouse.corpus.dim_customers__dbt_tmp as DBT_INTERNAL_SOURCE
      on 
                  DBT_INTERNAL_SOURCE.c_custkey = DBT_INTERNAL_DEST.c_custkey
              

      when matched then update set
         * 

      when not matched then insert *
;;
-- id: dbt-incremental-merge-05
-- source: dbt-spark incremental materialization (merge, composite unique_key)
-- run: yes
merge into lakehouse.corpus.dim_customers as DBT_INTERNAL_DEST
      using lakehouse.corpus.dim_customers__dbt_tmp as DBT_INTERNAL_SOURCE
      on 
                  DBT_INTERNAL_SOURCE.c_custkey = DBT_INTERNAL_DEST.c_custkey
               and 
                  DBT_INTERNAL_SOURCE.nation_name = DBT_INTERNAL_DEST.nation_name
              

      when matched then update set
        
            c_acctbal = DBT_INTERNAL_SOURCE.c_acctbal, 
            c_mktsegment = DBT_INTERNAL_SOURCE.c_mktsegment

      when not matched then insert *
;;
-- id: dbt-on-schema-change-01
-- source: dbt-spark adapter (alter_relation_add_remove_columns)
-- run: yes
alter table lakehouse.corpus.dim_customers

        add columns 
            
               `c_phone` string
;;
-- id: dbt-incremental-drop-tmp-02
-- source: dbt-spark incremental materialization (python model cleanup)
-- run: yes
drop table if exists lakehouse.corpus.dim_customers__dbt_tmp
;;
-- id: dbt-seed-drop-01
-- source: dbt-spark seed materialization (reset_csv_table)
-- run: yes
drop table if exists lakehouse.corpus.country_codes
;;
-- id: dbt-seed-create-01
-- source: dbt-spark seed materialization (create_csv_table)
-- run: yes
create table lakehouse.corpus.country_codes (`country_code` string,`country_name` string,`region` string,`population_rank` int,`gdp_musd` double,`is_member` boolean,`joined_on` date)
    
    using iceberg
;;
-- id: dbt-seed-insert-01
-- source: dbt-spark seed materialization (load_csv_rows)
-- run: yes
insert into lakehouse.corpus.country_codes values
          (cast('DE' as string),cast('GERMANY' as string),cast('EUROPE' as string),cast('19' as int),cast('4456081.0' as double),cast('True' as boolean),cast('1973-09-18' as date)),(cast('FR' as string),cast('FRANCE' as string),cast('EUROPE' as string),cast('23' as int),cast('3030904.0' as double),cast('True' as boolean),cast('1945-10-24' as date)),(cast('JP' as string),cast('JAPAN' as string),cast('ASIA' as string),cast('11' as int),cast('4212945.0' as double),cast('True' as boolean),cast('1956-12-18' as date))
;;
-- id: dbt-seed-insert-02
-- source: dbt-spark seed materialization (load_csv_rows)
-- run: yes
insert into lakehouse.corpus.country_codes values
          (cast('BR' as string),cast('BRAZIL' as string),cast('AMERICA' as string),cast('7' as int),cast('2173665.0' as double),cast('True' as boolean),cast('1945-10-24' as date)),(cast('KE' as string),cast('KENYA' as string),cast('AFRICA' as string),cast('27' as int),cast(NULL as double),cast('False' as boolean),cast(NULL as date))
;;
-- id: dbt-seed-truncate-01
-- source: dbt-spark seed materialization (truncate_relation)
-- run: yes
truncate table lakehouse.corpus.country_codes
;;
-- id: dbt-seed-insert-03
-- source: dbt-spark seed materialization (load_csv_rows)
-- run: yes
insert into lakehouse.corpus.country_codes values
          (cast('DE' as string),cast('GERMANY' as string),cast('EUROPE' as string),cast('19' as int),cast('4456081.0' as double),cast('True' as boolean),cast('1973-09-18' as date)),(cast('IN' as string),cast('INDIA' as string),cast('ASIA' as string),cast('1' as int),cast('3549919.0' as double),cast('True' as boolean),cast('1945-10-30' as date)),(cast('US' as string),cast('UNITED STATES' as string),cast('AMERICA' as string),cast('3' as int),cast('27360935.0' as double),cast('True' as boolean),cast('1945-10-24' as date))
;;
-- id: dbt-alter-column-type-01
-- source: dbt-spark adapter (alter_column_type)
-- run: yes
alter table lakehouse.corpus.country_codes alter column population_rank type bigint;
;;
-- id: dbt-snapshot-01
-- source: dbt-spark snapshot materialization (first run, timestamp strategy)
-- run: yes
create or replace table lakehouse.corpus.customers_snapshot
      using iceberg
      as
      

    select *,
        md5(coalesce(cast(c_custkey as string ), '')
         || '|' || coalesce(cast(updated_at as string ), '')
        ) as dbt_scd_id,
        updated_at as dbt_updated_at,
        updated_at as dbt_valid_from,
        
  
  coalesce(nullif(updated_at, updated_at), null)
  as dbt_valid_to
from (
        

select c_custkey, c_name, c_acctbal, c_mktsegment, to_timestamp('2024-01-01 00:00:00') as updated_at
from tpch.customer
where c_custkey <= 200

    ) sbq
;;
-- id: dbt-snapshot-02
-- source: dbt-spark snapshot materialization (staging relation)
-- run: yes
create or replace view lakehouse.corpus.customers_snapshot__dbt_tmp
  
  as
    

    with snapshot_query as (

        

select c_custkey, c_name, c_acctbal, c_mktsegment, to_timestamp('2024-02-01 00:00:00') as updated_at
from tpch.customer
where c_custkey <= 250


    ),

    snapshotted_data as (

        select *, c_custkey as dbt_unique_key
        from lakehouse.corpus.customers_snapshot
        where
                dbt_valid_to is null

    ),

    insertions_source_data as (

        select *, c_custkey as dbt_unique_key,
            updated_at as dbt_updated_at,
            updated_at as dbt_valid_from,
            
  
  coalesce(nullif(updated_at, updated_at), null)
  as dbt_valid_to,
            md5(coalesce(cast(c_custkey as string ), '')
         || '|' || coalesce(cast(updated_at as string ), '')
        ) as dbt_scd_id

        from snapshot_query
    ),

    updates_source_data as (

        select *, c_custkey as dbt_unique_key,
            updated_at as dbt_updated_at,
            updated_at as dbt_valid_from,
            updated_at as dbt_valid_to

        from snapshot_query
    ),

    insertions as (

        select
            'insert' as dbt_change_type,
            source_data.*

        from insertions_source_data as source_data
        left outer join snapshotted_data
            on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
            where snapshotted_data.dbt_unique_key is null
            or (snapshotted_data.dbt_unique_key is not null and (
               (snapshotted_data.dbt_valid_from < source_data.updated_at)
            )

        )

    ),

    updates as (

        select
            'update' as dbt_change_type,
            source_data.*,
            snapshotted_data.dbt_scd_id

        from updates_source_data as source_data
        join snapshotted_data
            on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
        where (
            (snapshotted_data.dbt_valid_from < source_data.updated_at)
        )
    )

    select * from insertions
    union all
    select * from updates
;;
-- id: dbt-snapshot-03
-- source: dbt-spark snapshot materialization (get_columns_in_relation)
-- run: yes
describe extended lakehouse.corpus.customers_snapshot__dbt_tmp
;;
-- id: dbt-snapshot-04
-- source: dbt-spark snapshot materialization (snapshot_merge_sql)
-- run: yes
merge into lakehouse.corpus.customers_snapshot as DBT_INTERNAL_DEST
    
      using lakehouse.corpus.customers_snapshot__dbt_tmp as DBT_INTERNAL_SOURCE
    
    on DBT_INTERNAL_SOURCE.dbt_scd_id = DBT_INTERNAL_DEST.dbt_scd_id
    when matched
     
       and DBT_INTERNAL_DEST.dbt_valid_to is null
     
     and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
        then update
        set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to

    when not matched
     and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
        then insert *
    ;
;;
-- id: dbt-snapshot-05
-- source: dbt-spark snapshot materialization (post_snapshot)
-- run: yes
drop view if exists lakehouse.corpus.customers_snapshot__dbt_tmp
;;
-- id: dbt-snapshot-06
-- source: dbt-spark snapshot materialization (staging as temporary view)
-- run: no: temporary views live in one engine session
create or replace temporary view customers_snapshot__dbt_tmp as
    select *, c_custkey as dbt_unique_key, 'insert' as dbt_change_type
    from tpch.customer
    where c_custkey between 201 and 260
;;
-- id: dbt-test-not-null-01
-- source: dbt test (not_null)
-- run: yes
select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
    



select c_custkey
from lakehouse.corpus.dim_customers
where c_custkey is null



      
    ) dbt_internal_test
;;
-- id: dbt-test-unique-01
-- source: dbt test (unique)
-- run: yes
select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
    

select
    o_orderkey as unique_field,
    count(*) as n_records

from lakehouse.corpus.fct_orders
where o_orderkey is not null
group by o_orderkey
having count(*) > 1



      
    ) dbt_internal_test
;;
-- id: dbt-test-accepted-values-01
-- source: dbt test (accepted_values)
-- run: yes
select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
    

with all_values as (

    select
        o_orderstatus as value_field,
        count(*) as n_records

    from lakehouse.corpus.fct_orders
    group by o_orderstatus

)

select *
from all_values
where value_field not in (
    'F','O','P'
)



      
    ) dbt_internal_test
;;
-- id: dbt-test-relationships-01
-- source: dbt test (relationships)
-- run: yes
select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
    

with child as (
    select o_custkey as from_field
    from lakehouse.corpus.fct_orders
    where o_custkey is not null
),

parent as (
    select c_custkey as to_field
    from lakehouse.corpus.dim_customers
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null



      
    ) dbt_internal_test
;;
-- id: dbt-test-store-failures-01
-- source: dbt test (not_null, store_failures, limit)
-- run: yes
select
      count(*) as failures,
      count(*) > 10 as should_warn,
      count(*) > 100 as should_error
    from (
      select *
from lakehouse.corpus.customers_snapshot
where dbt_scd_id is null
      limit 500
    ) dbt_internal_test
;;
-- id: dbt-unit-test-01
-- source: dbt unit test
-- run: yes
-- Build actual result given inputs
with dbt_internal_unit_test_actual as (
  select
    o_orderstatus,n, 'actual' as `actual_or_expected`
  from (
    select o_orderstatus, count(*) as n from (select cast('F' as string) as o_orderstatus
union all
select cast('O' as string) as o_orderstatus) as orders group by o_orderstatus
  ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
  select
    o_orderstatus, n, 'expected' as `actual_or_expected`
  from (
    select cast('F' as string) as o_orderstatus, cast(1 as bigint) as n
union all
select cast('O' as string) as o_orderstatus, cast(1 as bigint) as n
  ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected
;;
-- id: dbt-source-freshness-01
-- source: dbt source freshness
-- run: yes
select
      max(o_orderdate) as max_loaded_at,
      current_timestamp() as snapshotted_at
    from tpch.orders
;;
-- id: dbt-rename-01
-- source: dbt-spark adapter (rename_relation)
-- run: yes
alter table corpus.orders_by_status rename to corpus.orders_by_status__dbt_backup
;;
-- id: dbt-drop-relation-01
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop table if exists lakehouse.corpus.orders_by_status__dbt_backup
;;
-- id: dbt-rename-02
-- source: dbt-spark adapter (rename_relation)
-- run: yes
alter view corpus.v_customer_nation rename to corpus.v_customer_nation__dbt_backup
;;
-- id: dbt-drop-relation-02
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop view if exists lakehouse.corpus.v_customer_nation__dbt_backup
;;
-- id: dbt-set-tblproperties-01
-- source: dbt-spark adapter (tblproperties on incremental runs)
-- run: yes
alter table lakehouse.corpus.fct_orders set tblproperties ('dbt.model' = 'fct_orders', 'write.merge.mode' = 'copy-on-write')
;;
-- id: tableau-select-01
-- source: Tableau
-- run: yes
SELECT `orders`.`o_orderstatus` AS `o_orderstatus`,
  SUM(`orders`.`o_totalprice`) AS `sum_o_totalprice_ok`
FROM `tpch`.`orders` `orders`
GROUP BY `orders`.`o_orderstatus`
;;
-- id: tableau-select-02
-- source: Tableau
-- run: yes
SELECT CAST(`orders`.`o_orderdate` AS DATE) AS `tdy_o_orderdate_ok`,
  SUM(`orders`.`o_totalprice`) AS `sum_o_totalprice_ok`
FROM `tpch`.`orders` `orders`
WHERE ((CAST(`orders`.`o_orderdate` AS DATE) >= CAST('1995-01-01' AS DATE)) AND (CAST(`orders`.`o_orderdate` AS DATE) <= CAST('1995-03-31' AS DATE)))
GROUP BY 1
;;
-- id: tableau-select-03
-- source: Tableau
-- run: yes
SELECT YEAR(`orders`.`o_orderdate`) AS `yr:o_orderdate:ok`,
  `orders`.`o_orderpriority` AS `o_orderpriority`,
  COUNT(DISTINCT `orders`.`o_custkey`) AS `ctd:o_custkey:ok`,
  SUM(1) AS `cnt:orders_8F0C7C4E:ok`
FROM `tpch`.`orders` `orders`
GROUP BY 1,
  2
;;
-- id: tableau-select-04
-- source: Tableau
-- run: yes
SELECT `lineitem`.`l_returnflag` AS `l_returnflag`,
  SUM((`lineitem`.`l_extendedprice` * (1 - `lineitem`.`l_discount`))) AS `sum_Calculation_1441151880191565824_ok`,
  AVG(CAST(`lineitem`.`l_quantity` AS DOUBLE)) AS `avg_l_quantity_ok`
FROM `tpch`.`lineitem` `lineitem`
WHERE (`lineitem`.`l_shipmode` IN ('AIR', 'MAIL', 'SHIP'))
GROUP BY 1
;;
-- id: tableau-select-05
-- source: Tableau
-- run: yes
SELECT `customer`.`c_mktsegment` AS `c_mktsegment`,
  (CASE WHEN (`customer`.`c_acctbal` < 0) THEN 'negative' WHEN (`customer`.`c_acctbal` < 5000) THEN 'low' ELSE 'high' END) AS `Calculation_2305843009213693952`,
  COUNT(`customer`.`c_custkey`) AS `cnt:c_custkey:ok`
FROM `tpch`.`customer` `customer`
GROUP BY 1,
  2
;;
-- id: tableau-select-06
-- source: Tableau (top N filter)
-- run: yes
SELECT `customer`.`c_name` AS `c_name`,
  SUM(`orders`.`o_totalprice`) AS `sum_o_totalprice_ok`
FROM `tpch`.`orders` `orders`
  INNER JOIN `tpch`.`customer` `customer` ON (`orders`.`o_custkey` = `customer`.`c_custkey`)
  INNER JOIN (
  SELECT `customer`.`c_name` AS `c_name`,
    SUM(`orders`.`o_totalprice`) AS `$__alias__0`
  FROM `tpch`.`orders` `orders`
    INNER JOIN `tpch`.`customer` `customer` ON (`orders`.`o_custkey` = `customer`.`c_custkey`)
  GROUP BY 1
  ORDER BY 2 DESC
  LIMIT 10
) `t0` ON (`customer`.`c_name` = `t0`.`c_name`)
GROUP BY 1
;;
-- id: tableau-select-07
-- source: Tableau (custom SQL)
-- run: yes
SELECT *
FROM (
  select n_name, count(*) as customers
  from tpch.customer join tpch.nation on c_nationkey = n_nationkey
  group by n_name
) `Custom SQL Query`
LIMIT 0
;;
-- id: tableau-select-08
-- source: Tableau (custom SQL)
-- run: yes
SELECT `Custom SQL Query`.`n_name` AS `n_name`,
  SUM(`Custom SQL Query`.`customers`) AS `sum_customers_ok`
FROM (
  select n_name, count(*) as customers
  from tpch.customer join tpch.nation on c_nationkey = n_nationkey
  group by n_name
) `Custom SQL Query`
GROUP BY 1
;;
-- id: tableau-select-09
-- source: Tableau (domain query)
-- run: yes
SELECT `orders`.`o_orderpriority` AS `o_orderpriority`
FROM `tpch`.`orders` `orders`
GROUP BY 1
ORDER BY `o_orderpriority` ASC
;;
-- id: tableau-select-10
-- source: Tableau (date truncation)
-- run: yes
SELECT CAST(TRUNC(CAST(`orders`.`o_orderdate` AS DATE), 'MM') AS DATE) AS `tmn:o_orderdate:ok`,
  SUM(`orders`.`o_totalprice`) AS `sum:o_totalprice:ok`
FROM `tpch`.`orders` `orders`
GROUP BY 1
ORDER BY 1 ASC
;;
-- id: tableau-select-11
-- source: Tableau (LOD expression)
-- run: yes
SELECT `t0`.`c_mktsegment` AS `c_mktsegment`,
  AVG(`t0`.`__measure__0`) AS `avg:Calculation_FIXED:ok`
FROM (
  SELECT `customer`.`c_mktsegment` AS `c_mktsegment`,
    `customer`.`c_custkey` AS `c_custkey`,
    SUM(`orders`.`o_totalprice`) AS `__measure__0`
  FROM `tpch`.`customer` `customer`
    LEFT JOIN `tpch`.`orders` `orders` ON (`customer`.`c_custkey` = `orders`.`o_custkey`)
  GROUP BY 1,
    2
) `t0`
GROUP BY 1
;;
-- id: tableau-select-12
-- source: Tableau (extract refresh)
-- run: yes
SELECT `nation`.`n_nationkey` AS `n_nationkey`,
  `nation`.`n_name` AS `n_name`,
  `nation`.`n_regionkey` AS `n_regionkey`,
  `nation`.`n_comment` AS `n_comment`
FROM `tpch`.`nation` `nation`
;;
-- id: powerbi-preview-01
-- source: Power BI (navigator preview)
-- run: yes
select * from `lakehouse`.`tpch`.`customer` limit 1000
;;
-- id: powerbi-select-01
-- source: Power BI (import)
-- run: yes
select `$Table`.`c_custkey` as `c_custkey`,
    `$Table`.`c_name` as `c_name`,
    `$Table`.`c_nationkey` as `c_nationkey`,
    `$Table`.`c_acctbal` as `c_acctbal`,
    `$Table`.`c_mktsegment` as `c_mktsegment`
from `lakehouse`.`tpch`.`customer` as `$Table`
;;
-- id: powerbi-select-02
-- source: Power BI (DirectQuery)
-- run: yes
select `c_mktsegment`,
    `C1`
from 
(
    select `rows`.`c_mktsegment` as `c_mktsegment`,
        sum(`rows`.`c_acctbal`) as `C1`
    from 
    (
        select `_`.`c_custkey`,
            `_`.`c_mktsegment`,
            `_`.`c_acctbal`
        from `lakehouse`.`tpch`.`customer` `_`
        where `_`.`c_acctbal` > 0
    ) `rows`
    group by `c_mktsegment`
) `_`
where not `C1` is null
limit 1000001
;;
-- id: powerbi-select-03
-- source: Power BI (DirectQuery)
-- run: yes
select count(1) as `a0`
from 
(
    select `_`.`o_orderkey`
    from `lakehouse`.`tpch`.`orders` `_`
    where `_`.`o_orderdate` >= cast('1996-01-01' as date) and `_`.`o_orderdate` < cast('1997-01-01' as date)
) `_`
;;
-- id: powerbi-select-04
-- source: Power BI (DirectQuery)
-- run: yes
select `_`.`n_name`,
    `_`.`a0`
from 
(
    select `rows`.`n_name` as `n_name`,
        sum(`rows`.`o_totalprice`) as `a0`
    from 
    (
        select `$Outer`.`o_totalprice`,
            `$Inner`.`n_name`
        from 
        (
            select `_`.`o_custkey`, `_`.`o_totalprice`, `c`.`c_nationkey`
            from `lakehouse`.`tpch`.`orders` `_`
            inner join `lakehouse`.`tpch`.`customer` `c` on (`_`.`o_custkey` = `c`.`c_custkey`)
        ) `$Outer`
        left outer join `lakehouse`.`tpch`.`nation` `$Inner` on (`$Outer`.`c_nationkey` = `$Inner`.`n_nationkey`)
    ) `rows`
    group by `n_name`
) `_`
order by `_`.`a0` desc
limit 1000001
;;
-- id: powerbi-select-05
-- source: Power BI (table schema probe)
-- run: yes
select * from (select `o_orderkey`, `o_orderdate`, `o_totalprice` from `lakehouse`.`tpch`.`orders`) as `$Table` limit 0
;;
-- id: superset-show-schemas-01
-- source: Superset (PyHive dialect)
-- run: yes
SHOW SCHEMAS
;;
-- id: superset-show-tables-01
-- source: Superset (PyHive dialect)
-- run: yes
SHOW TABLES IN tpch
;;
-- id: superset-show-views-01
-- source: Superset (PyHive dialect)
-- run: yes
SHOW VIEWS IN corpus
;;
-- id: superset-describe-01
-- source: Superset (PyHive dialect)
-- run: yes
DESCRIBE tpch.orders
;;
-- id: superset-show-partitions-01
-- source: Superset (latest partition)
-- run: no: Iceberg tables do not support SHOW PARTITIONS (no partition management)
SHOW PARTITIONS tpch.orders
;;
-- id: superset-select-star-01
-- source: Superset (SQL Lab select star)
-- run: yes
SELECT o_orderkey,
       o_custkey,
       o_orderstatus,
       o_totalprice,
       o_orderdate
FROM tpch.orders
LIMIT 100
;;
-- id: superset-timeseries-01
-- source: Superset (chart)
-- run: yes
SELECT DATE_TRUNC('month', o_orderdate) AS __timestamp,
       SUM(o_totalprice) AS `SUM(o_totalprice)`
FROM tpch.orders
WHERE o_orderdate >= CAST('1995-01-01' AS DATE)
  AND o_orderdate < CAST('1996-01-01' AS DATE)
GROUP BY DATE_TRUNC('month', o_orderdate)
ORDER BY `SUM(o_totalprice)` DESC
LIMIT 10000
;;
-- id: superset-timeseries-02
-- source: Superset (chart, Hive time grain)
-- run: yes
SELECT from_unixtime(unix_timestamp(o_orderdate), 'yyyy-MM-01 00:00:00') AS __timestamp,
       o_orderpriority AS o_orderpriority,
       COUNT(*) AS count
FROM tpch.orders
JOIN
  (SELECT o_orderpriority AS o_orderpriority__,
          COUNT(*) AS mme_inner__
   FROM tpch.orders
   GROUP BY o_orderpriority
   ORDER BY mme_inner__ DESC
   LIMIT 5) AS anon_1 ON o_orderpriority = o_orderpriority__
GROUP BY o_orderpriority,
         from_unixtime(unix_timestamp(o_orderdate), 'yyyy-MM-01 00:00:00')
LIMIT 10000
;;
-- id: superset-virtual-dataset-01
-- source: Superset (virtual dataset)
-- run: yes
SELECT c_mktsegment AS c_mktsegment,
       COUNT(*) AS count,
       AVG(c_acctbal) AS `AVG(c_acctbal)`
FROM
  (select c_mktsegment, c_acctbal, n_name
   from tpch.customer join tpch.nation on c_nationkey = n_nationkey
   where c_acctbal > 0) AS virtual_table
GROUP BY c_mktsegment
ORDER BY count DESC
LIMIT 10000
;;
-- id: superset-filter-values-01
-- source: Superset (native filter values)
-- run: yes
SELECT DISTINCT r_name AS r_name
FROM tpch.region
LIMIT 1000
;;
-- id: superset-big-number-01
-- source: Superset (big number with trendline)
-- run: yes
SELECT date_trunc('week', CAST(o_orderdate AS TIMESTAMP)) AS __timestamp,
       COUNT(DISTINCT o_custkey) AS `COUNT_DISTINCT(o_custkey)`
FROM tpch.orders
WHERE o_orderdate >= TO_DATE('1998-01-01')
GROUP BY date_trunc('week', CAST(o_orderdate AS TIMESTAMP))
LIMIT 50000
;;
-- id: superset-view-select-01
-- source: Superset (SQL Lab)
-- run: yes
SELECT * FROM corpus.v_order_summary LIMIT 1001
;;
-- id: metabase-show-databases-01
-- source: Metabase (sync)
-- run: yes
SHOW DATABASES
;;
-- id: metabase-describe-01
-- source: Metabase (sync)
-- run: yes
DESCRIBE `tpch`.`lineitem`
;;
-- id: metabase-select-01
-- source: Metabase
-- run: yes
-- Metabase:: userID: 1 queryType: MBQL queryHash: 5b2d9e0c3f4a7c1e8f0a6b3d2c1e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e
SELECT `source`.`o_orderstatus` AS `o_orderstatus`, COUNT(*) AS `count`
FROM (SELECT `tpch`.`orders`.`o_orderkey` AS `o_orderkey`, `tpch`.`orders`.`o_orderstatus` AS `o_orderstatus`, `tpch`.`orders`.`o_totalprice` AS `o_totalprice` FROM `tpch`.`orders`) `source`
GROUP BY `source`.`o_orderstatus`
ORDER BY `source`.`o_orderstatus` ASC
LIMIT 2000
;;
-- id: metabase-select-02
-- source: Metabase
-- run: yes
-- Metabase:: userID: 1 queryType: MBQL queryHash: 0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7
SELECT date_trunc('month', CAST(`orders`.`o_orderdate` AS timestamp)) AS `o_orderdate`, sum(`orders`.`o_totalprice`) AS `sum`
FROM `tpch`.`orders` `orders`
WHERE (`orders`.`o_orderdate` >= to_date('1994-01-01') AND `orders`.`o_orderdate` < to_date('1995-01-01'))
GROUP BY date_trunc('month', CAST(`orders`.`o_orderdate` AS timestamp))
ORDER BY date_trunc('month', CAST(`orders`.`o_orderdate` AS timestamp)) ASC
LIMIT 2000
;;
-- id: metabase-select-03
-- source: Metabase (native query)
-- run: yes
-- Metabase:: userID: 3 queryType: native queryHash: 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b
select r_name, n_name, count(*) as suppliers
from tpch.supplier s
join tpch.nation n on s.s_nationkey = n.n_nationkey
join tpch.region r on n.n_regionkey = r.r_regionkey
group by r_name, n_name
order by suppliers desc
LIMIT 1048575
;;
-- id: dbeaver-select-01
-- source: DBeaver (table data)
-- run: yes
SELECT * FROM tpch.part LIMIT 200
;;
-- id: spark-tpch-q1
-- source: Spark SQL notebook (TPC-H Q1)
-- run: yes
select
    l_returnflag,
    l_linestatus,
    sum(l_quantity) as sum_qty,
    sum(l_extendedprice) as sum_base_price,
    sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,
    sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge,
    avg(l_quantity) as avg_qty,
    avg(l_extendedprice) as avg_price,
    avg(l_discount) as avg_disc,
    count(*) as count_order
from
    tpch.lineitem
where
    l_shipdate <= date '1998-12-01' - interval '90' day
group by
    l_returnflag,
    l_linestatus
order by
    l_returnflag,
    l_linestatus
;;
-- id: spark-tpch-q3
-- source: Spark SQL notebook (TPC-H Q3)
-- run: yes
select
    l_orderkey,
    sum(l_extendedprice * (1 - l_discount)) as revenue,
    o_orderdate,
    o_shippriority
from
    tpch.customer,
    tpch.orders,
    tpch.lineitem
where
    c_mktsegment = 'BUILDING'
    and c_custkey = o_custkey
    and l_orderkey = o_orderkey
    and o_orderdate < date '1995-03-15'
    and l_shipdate > date '1995-03-15'
group by
    l_orderkey,
    o_orderdate,
    o_shippriority
order by
    revenue desc,
    o_orderdate
limit 10
;;
-- id: spark-tpch-q5
-- source: Spark SQL notebook (TPC-H Q5)
-- run: yes
select
    n_name,
    sum(l_extendedprice * (1 - l_discount)) as revenue
from
    tpch.customer
    join tpch.orders on c_custkey = o_custkey
    join tpch.lineitem on l_orderkey = o_orderkey
    join tpch.supplier on l_suppkey = s_suppkey and c_nationkey = s_nationkey
    join tpch.nation on s_nationkey = n_nationkey
    join tpch.region on n_regionkey = r_regionkey
where
    r_name = 'ASIA'
    and o_orderdate >= date '1994-01-01'
    and o_orderdate < date '1994-01-01' + interval '1' year
group by
    n_name
order by
    revenue desc
;;
-- id: spark-tpch-q6
-- source: Spark SQL notebook (TPC-H Q6)
-- run: yes
select
    sum(l_extendedprice * l_discount) as revenue
from
    tpch.lineitem
where
    l_shipdate >= date '1994-01-01'
    and l_shipdate < add_months(date '1994-01-01', 12)
    and l_discount between 0.06 - 0.01 and 0.06 + 0.01
    and l_quantity < 24
;;
-- id: spark-tpch-q10
-- source: Spark SQL notebook (TPC-H Q10)
-- run: yes
select
    c_custkey,
    c_name,
    sum(l_extendedprice * (1 - l_discount)) as revenue,
    c_acctbal,
    n_name,
    c_address,
    c_phone,
    c_comment
from
    tpch.customer, tpch.orders, tpch.lineitem, tpch.nation
where
    c_custkey = o_custkey
    and l_orderkey = o_orderkey
    and o_orderdate >= date '1993-10-01'
    and o_orderdate < date '1993-10-01' + interval 3 months
    and l_returnflag = 'R'
    and c_nationkey = n_nationkey
group by
    c_custkey, c_name, c_acctbal, c_phone, n_name, c_address, c_comment
order by
    revenue desc
limit 20
;;
-- id: spark-tpch-q12
-- source: Spark SQL notebook (TPC-H Q12)
-- run: yes
select
    l_shipmode,
    sum(case when o_orderpriority = '1-URGENT' or o_orderpriority = '2-HIGH' then 1 else 0 end) as high_line_count,
    sum(case when o_orderpriority <> '1-URGENT' and o_orderpriority <> '2-HIGH' then 1 else 0 end) as low_line_count
from
    tpch.orders, tpch.lineitem
where
    o_orderkey = l_orderkey
    and l_shipmode in ('MAIL', 'SHIP')
    and l_commitdate < l_receiptdate
    and l_shipdate < l_commitdate
    and l_receiptdate >= date '1994-01-01'
    and l_receiptdate < date '1995-01-01'
group by
    l_shipmode
order by
    l_shipmode
;;
-- id: spark-tpch-q14
-- source: Spark SQL notebook (TPC-H Q14)
-- run: yes
select
    100.00 * sum(case when p_type like 'PROMO%' then l_extendedprice * (1 - l_discount) else 0 end)
        / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
from
    tpch.lineitem, tpch.part
where
    l_partkey = p_partkey
    and l_shipdate >= date '1995-09-01'
    and l_shipdate < date '1995-10-01'
;;
-- id: spark-tpch-q18
-- source: Spark SQL notebook (TPC-H Q18)
-- run: yes
select
    c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity)
from
    tpch.customer, tpch.orders, tpch.lineitem
where
    o_orderkey in (
        select l_orderkey from tpch.lineitem group by l_orderkey having sum(l_quantity) > 300
    )
    and c_custkey = o_custkey
    and o_orderkey = l_orderkey
group by
    c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice
order by
    o_totalprice desc, o_orderdate
limit 100
;;
-- id: spark-tpch-q22
-- source: Spark SQL notebook (TPC-H Q22)
-- run: yes
select
    cntrycode, count(*) as numcust, sum(c_acctbal) as totacctbal
from (
    select substring(c_phone, 1, 2) as cntrycode, c_acctbal
    from tpch.customer
    where substring(c_phone, 1, 2) in ('13', '31', '23', '29', '30', '18', '17')
      and c_acctbal > (
          select avg(c_acctbal) from tpch.customer
          where c_acctbal > 0.00 and substring(c_phone, 1, 2) in ('13', '31', '23', '29', '30', '18', '17')
      )
      and not exists (select * from tpch.orders where o_custkey = c_custkey)
) as custsale
group by cntrycode
order by cntrycode
;;
-- id: spark-lateral-view-01
-- source: Spark SQL notebook (LATERAL VIEW explode)
-- run: yes
select o_orderkey, word
from tpch.orders
lateral view explode(split(o_comment, ' ')) words as word
where o_orderkey < 100
;;
-- id: spark-lateral-view-02
-- source: Spark SQL notebook (LATERAL VIEW OUTER)
-- run: yes
SELECT n_name, part
FROM tpch.nation
LATERAL VIEW OUTER explode(filter(split(n_comment, ' '), w -> length(w) > 12)) t AS part
;;
-- id: spark-lateral-view-03
-- source: Spark SQL notebook (LATERAL VIEW posexplode)
-- run: yes
select r_name, pos, token
from tpch.region
lateral view posexplode(split(r_comment, ' ')) tokens as pos, token
where pos < 3
;;
-- id: spark-lateral-view-04
-- source: Spark SQL notebook (LATERAL VIEW inline)
-- run: yes
select n.n_name, kv.k, kv.v
from tpch.nation n
lateral view inline(array(struct('key', cast(n.n_nationkey as string)), struct('region', cast(n.n_regionkey as string)))) kv as k, v
;;
-- id: spark-lateral-view-05
-- source: Spark SQL notebook (LATERAL VIEW stack, chained)
-- run: yes
select p_partkey, metric, metric_value, w
from tpch.part
lateral view stack(2, 'size', cast(p_size as double), 'price', cast(p_retailprice as double)) s as metric, metric_value
lateral view explode(split(p_name, ' ')) names as w
where p_partkey <= 5
;;
-- id: spark-lateral-view-06
-- source: Spark SQL notebook (LATERAL VIEW json_tuple)
-- run: yes
select j.nation, j.region
from (select to_json(named_struct('nation', n_name, 'region', n_regionkey)) as js from tpch.nation) src
lateral view json_tuple(src.js, 'nation', 'region') j as nation, region
;;
-- id: spark-distribute-by-01
-- source: Spark SQL notebook (DISTRIBUTE BY / SORT BY)
-- run: yes
select o_custkey, o_orderkey, o_totalprice
from tpch.orders
where o_orderdate >= date '1998-07-01'
distribute by o_custkey
sort by o_custkey, o_totalprice desc
;;
-- id: spark-cluster-by-01
-- source: Spark SQL notebook (CLUSTER BY)
-- run: yes
SELECT l_orderkey, l_linenumber, l_quantity FROM tpch.lineitem WHERE l_orderkey < 50 CLUSTER BY l_orderkey
;;
-- id: spark-rollup-01
-- source: Spark SQL notebook (WITH ROLLUP)
-- run: yes
select r_name, n_name, count(*) as customers, grouping_id() as gid
from tpch.customer
join tpch.nation on c_nationkey = n_nationkey
join tpch.region on n_regionkey = r_regionkey
group by r_name, n_name with rollup
order by r_name nulls first, n_name nulls first
;;
-- id: spark-cube-01
-- source: Spark SQL notebook (WITH CUBE)
-- run: yes
SELECT l_returnflag, l_linestatus, grouping(l_returnflag) AS g_flag, sum(l_quantity) AS qty
FROM tpch.lineitem
GROUP BY l_returnflag, l_linestatus WITH CUBE
;;
-- id: spark-grouping-sets-01
-- source: Spark SQL notebook (GROUPING SETS)
-- run: yes
select o_orderstatus, o_orderpriority, count(*) as n
from tpch.orders
group by grouping sets ((o_orderstatus, o_orderpriority), (o_orderstatus), ())
;;
-- id: spark-rollup-02
-- source: Spark SQL notebook (ROLLUP function form)
-- run: yes
select year(o_orderdate) as yr, quarter(o_orderdate) as qtr, sum(o_totalprice) as revenue
from tpch.orders
group by rollup(year(o_orderdate), quarter(o_orderdate))
;;
-- id: spark-higher-order-01
-- source: Spark SQL notebook (higher-order functions)
-- run: yes
select
    l_orderkey,
    collect_list(l_quantity) as quantities,
    exists(collect_list(l_quantity), q -> q > 45) as has_big_line,
    forall(collect_list(l_discount), d -> d <= 0.10) as all_small_discounts,
    filter(collect_list(l_shipmode), m -> m in ('AIR', 'REG AIR')) as air_modes,
    transform(collect_list(l_linenumber), (x, i) -> x * 10 + i) as tagged_lines,
    aggregate(transform(collect_list(l_extendedprice), p -> cast(p as double)), 0D, (acc, p) -> acc + p, acc -> round(acc, 2)) as total_price
from tpch.lineitem
where l_orderkey < 100
group by l_orderkey
;;
-- id: spark-higher-order-03
-- source: Spark SQL notebook (lambdas reading the query's columns)
-- run: yes
select
    o_orderkey,
    transform(array(o_totalprice, o_totalprice * 2), p -> round(p * o_shippriority + o_custkey, 2)) as scaled,
    filter(array(o_orderstatus, 'F'), s -> s = o_orderstatus) as same_status,
    exists(array(1, 2, 3), k -> k = o_shippriority) as has_priority
from tpch.orders
where o_orderkey < 100
;;
-- id: spark-higher-order-02
-- source: Spark SQL notebook (higher-order functions on maps)
-- run: yes
select
    map_filter(m, (k, v) -> v > 5) as big_regions,
    transform_values(m, (k, v) -> v * 100) as scaled,
    transform_keys(m, (k, v) -> lower(k)) as lowered,
    zip_with(array(1, 2, 3), array(10, 20, 30), (a, b) -> a + b) as zipped,
    array_sort(array(3, 1, 2), (l, r) -> case when l < r then 1 when l > r then -1 else 0 end) as sorted_desc
from (
    select map_from_entries(collect_list(struct(r_name, cast(cnt as int)))) as m
    from (
        select r_name, count(*) as cnt
        from tpch.nation join tpch.region on n_regionkey = r_regionkey
        group by r_name
    ) per_region
) maps
;;
-- id: spark-tablesample-01
-- source: Spark SQL notebook (TABLESAMPLE)
-- run: yes
SELECT count(*) FROM tpch.lineitem TABLESAMPLE (10 PERCENT)
;;
-- id: spark-tablesample-02
-- source: Spark SQL notebook (TABLESAMPLE)
-- run: yes
select * from tpch.orders tablesample (50 rows)
;;
-- id: spark-tablesample-03
-- source: Spark SQL notebook (TABLESAMPLE)
-- run: yes
SELECT c_custkey, c_name FROM tpch.customer TABLESAMPLE (BUCKET 3 OUT OF 32) c
;;
-- id: spark-table-01
-- source: Spark SQL notebook (TABLE statement)
-- run: yes
TABLE tpch.region
;;
-- id: spark-values-01
-- source: Spark SQL notebook (VALUES as a relation)
-- run: yes
select v.code, v.label, n.n_name
from values ('ALGERIA', 1), ('BRAZIL', 2), ('CHINA', 3) as v(label, code)
left join tpch.nation n on n.n_name = v.label
;;
-- id: spark-values-02
-- source: Spark SQL notebook (VALUES as a query)
-- run: yes
VALUES (1, 'one'), (2, 'two'), (3, 'three')
;;
-- id: spark-values-03
-- source: Spark SQL notebook (VALUES in FROM)
-- run: yes
SELECT * FROM (VALUES (DATE '1995-01-01', 'q1'), (DATE '1995-04-01', 'q2')) AS quarters(start_date, quarter_name)
;;
-- id: spark-hint-01
-- source: Spark SQL notebook (join hints)
-- run: yes
select /*+ BROADCAST(n) */ c.c_name, n.n_name
from tpch.customer c
join tpch.nation n on c.c_nationkey = n.n_nationkey
where c.c_acctbal > 9000
;;
-- id: spark-hint-02
-- source: Spark SQL notebook (join hints)
-- run: yes
SELECT /*+ MERGE(o, l) */ o.o_orderkey, count(*) AS line_count
FROM tpch.orders o
JOIN tpch.lineitem l ON o.o_orderkey = l.l_orderkey
GROUP BY o.o_orderkey
ORDER BY line_count DESC
LIMIT 5
;;
-- id: spark-hint-03
-- source: Spark SQL notebook (partitioning hints)
-- run: yes
SELECT /*+ REPARTITION(8, o_custkey), SHUFFLE_HASH(c) */ o_custkey, c_name, o_totalprice
FROM tpch.orders JOIN tpch.customer c ON o_custkey = c_custkey
WHERE o_totalprice > 400000
;;
-- id: spark-backticks-01
-- source: Spark SQL notebook (doubled backticks)
-- run: yes
select n_name as `nation``s name`, `n_regionkey` as `region key`, `r`.`r_name` as `region-name`
from tpch.nation
join tpch.region `r` on n_regionkey = `r`.`r_regionkey`
;;
-- id: spark-window-01
-- source: Spark SQL notebook (window functions)
-- run: yes
select
    o_custkey,
    o_orderkey,
    o_totalprice,
    row_number() over (partition by o_custkey order by o_totalprice desc) as rn,
    sum(o_totalprice) over (partition by o_custkey order by o_orderdate rows between unbounded preceding and current row) as running_total,
    lag(o_orderdate, 1) over (partition by o_custkey order by o_orderdate) as previous_order,
    ntile(4) over (order by o_totalprice) as quartile
from tpch.orders
where o_custkey < 20
;;
-- id: spark-window-02
-- source: Spark SQL notebook (named window)
-- run: yes
SELECT n_name, c_name, c_acctbal,
       rank() OVER w AS balance_rank,
       avg(c_acctbal) OVER (PARTITION BY n_name) AS nation_avg,
       first_value(c_name) OVER w AS richest
FROM tpch.customer JOIN tpch.nation ON c_nationkey = n_nationkey
WINDOW w AS (PARTITION BY n_name ORDER BY c_acctbal DESC)
;;
-- id: spark-pivot-01
-- source: Spark SQL notebook (PIVOT)
-- run: yes
select *
from (
    select year(o_orderdate) as yr, o_orderpriority, o_totalprice
    from tpch.orders
)
pivot (
    sum(o_totalprice) as total
    for o_orderpriority in ('1-URGENT' as urgent, '2-HIGH' as high, '3-MEDIUM' as medium)
)
order by yr
;;
-- id: spark-unpivot-01
-- source: Spark SQL notebook (UNPIVOT)
-- run: yes
SELECT *
FROM (SELECT n_name, n_nationkey, n_regionkey FROM tpch.nation)
UNPIVOT (key_value FOR key_name IN (n_nationkey AS nation, n_regionkey AS region))
;;
-- id: spark-cte-01
-- source: Spark SQL notebook (CTE with column list)
-- run: yes
with revenue (supplier_no, total_revenue) as (
    select l_suppkey, sum(l_extendedprice * (1 - l_discount))
    from tpch.lineitem
    where l_shipdate >= date '1996-01-01' and l_shipdate < date '1996-04-01'
    group by l_suppkey
)
select s_suppkey, s_name, s_phone, total_revenue
from tpch.supplier, revenue
where s_suppkey = supplier_no
  and total_revenue = (select max(total_revenue) from revenue)
order by s_suppkey
;;
-- id: spark-semi-anti-join-01
-- source: Spark SQL notebook (LEFT SEMI / LEFT ANTI JOIN)
-- run: yes
select c.c_custkey, c.c_name
from tpch.customer c
left semi join tpch.orders o on c.c_custkey = o.o_custkey and o.o_totalprice > 450000
;;
-- id: spark-semi-anti-join-02
-- source: Spark SQL notebook (LEFT SEMI / LEFT ANTI JOIN)
-- run: yes
SELECT count(*) AS customers_without_orders
FROM tpch.customer c LEFT ANTI JOIN tpch.orders o ON c.c_custkey = o.o_custkey
;;
-- id: spark-joins-01
-- source: Spark SQL notebook (USING, NATURAL, FULL OUTER, CROSS)
-- run: yes
select n1.n_name, r.r_name, x.flag
from tpch.nation n1
join (select n_nationkey, n_regionkey as r_regionkey from tpch.nation) n2 using (n_nationkey)
natural join tpch.region r
full outer join (select 'X' as flag) x on false
cross join (select 1 as one) o
;;
-- id: spark-set-ops-01
-- source: Spark SQL notebook (set operations)
-- run: yes
(select c_nationkey as nationkey from tpch.customer
 intersect
 select s_nationkey from tpch.supplier)
union all
(select n_nationkey from tpch.nation
 except all
 select s_nationkey from tpch.supplier)
minus
select 24L
;;
-- id: spark-literals-01
-- source: Spark SQL notebook (typed literals and intervals)
-- run: yes
select
    date '2024-02-29' as d,
    timestamp '2024-02-29 13:45:00' as ts,
    timestamp_ntz '2024-02-29 13:45:00' as ts_ntz,
    interval '1-2' year to month as ym,
    interval '3 04:05:06' day to second as dt,
    interval 2 hours 30 minutes as hm,
    X'CAFE' as bin,
    1.5BD as big_dec,
    10L as big_int,
    2S as small_int,
    1Y as tiny_int,
    3.14D as dbl,
    1E10 as sci,
    array(1, 2, 3)[0] as first_elem,
    map('a', 1)['a'] as map_val,
    named_struct('x', 1, 'y', 'two').y as struct_field
;;
-- id: spark-functions-01
-- source: Spark SQL notebook (string functions)
-- run: yes
select
    concat_ws('-', n_name, cast(n_regionkey as string)) as label,
    regexp_extract(n_comment, '([a-z]+) ([a-z]+)', 2) as second_word,
    regexp_replace(n_name, '[AEIOU]', '*') as masked,
    initcap(lower(n_name)) as nice,
    lpad(cast(n_nationkey as string), 3, '0') as padded,
    split_part(n_comment, ' ', 1) as first_token,
    n_name rlike '^[A-C]' as starts_abc,
    n_name like any ('%IA', '%AN') as ends_ia_or_an,
    n_name ilike 'united%' as is_united
from tpch.nation
;;
-- id: spark-functions-02
-- source: Spark SQL notebook (date functions)
-- run: yes
select
    o_orderdate,
    date_format(o_orderdate, 'yyyy-MM') as ym,
    trunc(o_orderdate, 'MM') as month_start,
    last_day(o_orderdate) as month_end,
    datediff(date '1998-12-31', o_orderdate) as days_to_eoy,
    months_between(date '1998-12-31', o_orderdate) as months_to_eoy,
    extract(year from o_orderdate) as yr,
    date_part('quarter', o_orderdate) as qtr,
    dayofweek(o_orderdate) as dow,
    weekofyear(o_orderdate) as woy,
    make_date(year(o_orderdate), 1, 1) as year_start,
    timestampadd(HOUR, 36, cast(o_orderdate as timestamp)) as plus_36h,
    timestampdiff(MONTH, o_orderdate, date '1999-01-01') as months_left,
    date_add(o_orderdate, 30) as due
from tpch.orders
limit 25
;;
-- id: spark-functions-03
-- source: Spark SQL notebook (aggregate functions)
-- run: yes
select
    l_shipmode,
    count_if(l_returnflag = 'R') as returned_lines,
    count(*) filter (where l_discount > 0.05) as discounted_lines,
    approx_count_distinct(l_partkey) as approx_parts,
    percentile_approx(l_extendedprice, 0.5) as median_price,
    percentile_cont(0.9) within group (order by l_quantity) as p90_qty,
    median(l_quantity) as median_qty,
    mode(l_linestatus) as common_status,
    any_value(l_shipinstruct) as some_instruction,
    max_by(l_orderkey, l_extendedprice) as priciest_order,
    min_by(l_orderkey, l_extendedprice) as cheapest_order,
    collect_set(l_linestatus) as statuses,
    array_agg(distinct l_returnflag) as flags,
    stddev_samp(l_quantity) as sd_qty,
    bool_or(l_quantity > 49) as any_big
from tpch.lineitem
group by l_shipmode
;;
-- id: spark-functions-04
-- source: Spark SQL notebook (JSON and complex types)
-- run: yes
select
    to_json(named_struct('key', o_orderkey, 'status', o_orderstatus)) as js,
    from_json('{"a": 1, "b": [1, 2]}', 'a INT, b ARRAY<INT>') as parsed,
    get_json_object('{"user": {"name": "x"}}', '$.user.name') as user_name,
    schema_of_json('{"a": 1}') as schema,
    array_contains(array('F', 'O'), o_orderstatus) as closed_or_open,
    element_at(map('F', 'final', 'O', 'open', 'P', 'pending'), o_orderstatus) as status_name,
    size(split(o_comment, ' ')) as word_count,
    sequence(1, 3) as seq,
    flatten(array(array(1, 2), array(3))) as flat,
    struct(o_orderkey, o_custkey) as keys
from tpch.orders
limit 10
;;
-- id: spark-functions-05
-- source: Spark SQL notebook (safe casts and arithmetic)
-- run: yes
select
    try_cast(o_comment as int) as maybe_number,
    try_divide(o_totalprice, 0) as div_zero,
    try_add(o_orderkey, 1) as next_key,
    cast(o_totalprice as decimal(20, 4)) as wide_price,
    cast(o_orderdate as string) as date_text,
    o_totalprice div 1000 as thousands,
    o_orderkey % 7 as bucket,
    nvl(nullif(o_orderpriority, '5-LOW'), 'low') as priority,
    coalesce(null, o_clerk) as clerk,
    if(o_totalprice > 100000, 'big', 'small') as size_class,
    greatest(o_totalprice, 1000) as at_least_1000,
    case o_orderstatus when 'F' then 1 when 'O' then 2 else 3 end as status_rank
from tpch.orders
limit 10
;;
-- id: spark-subquery-01
-- source: Spark SQL notebook (correlated subqueries)
-- run: yes
select p_partkey, p_name,
       (select min(ps_supplycost) from tpch.partsupp where ps_partkey = p_partkey) as min_cost
from tpch.part
where exists (select 1 from tpch.partsupp where ps_partkey = p_partkey and ps_availqty > 9000)
  and p_size in (select distinct p_size from tpch.part where p_container = 'SM BOX')
order by p_partkey
limit 20
;;
-- id: spark-lateral-subquery-01
-- source: Spark SQL notebook (LATERAL subquery)
-- run: yes
SELECT c.c_custkey, c.c_acctbal, t.doubled, t.half
FROM tpch.customer c,
LATERAL (SELECT c.c_acctbal * 2 AS doubled, c.c_acctbal / 2 AS half) t
WHERE c.c_custkey < 10
;;
-- id: spark-tvf-01
-- source: Spark SQL notebook (table-valued functions)
-- run: yes
select id, id * id as sq from range(1, 11)
;;
-- id: spark-tvf-02
-- source: Spark SQL notebook (table-valued functions)
-- run: yes
SELECT * FROM explode(array('F', 'O', 'P')) AS t(status)
;;
-- id: spark-generator-01
-- source: Spark SQL notebook (generator in SELECT)
-- run: yes
select stack(3, 'F', 1, 'O', 2, 'P', 3) as (status, rank_no)
;;
-- id: spark-limit-offset-01
-- source: Spark SQL notebook (LIMIT / OFFSET)
-- run: yes
select o_orderkey, o_totalprice
from tpch.orders
order by o_totalprice desc nulls last, o_orderkey
limit 10 offset 20
;;
-- id: spark-fully-qualified-01
-- source: Spark SQL notebook (catalog-qualified names)
-- run: yes
select count(*) from lakehouse.tpch.partsupp ps join lakehouse.tpch.supplier s on ps.ps_suppkey = s.s_suppkey
;;
-- id: spark-create-database-01
-- source: Spark SQL (DDL)
-- run: yes
CREATE DATABASE IF NOT EXISTS lakehouse.corpus COMMENT 'Scratch schema for the Sluice corpus'
;;
-- id: spark-alter-database-01
-- source: Spark SQL (DDL)
-- run: yes
ALTER DATABASE lakehouse.corpus SET DBPROPERTIES ('owner.team' = 'data-platform', 'purpose' = 'corpus')
;;
-- id: spark-describe-database-01
-- source: Spark SQL (DDL)
-- run: yes
DESCRIBE DATABASE EXTENDED lakehouse.corpus
;;
-- id: iceberg-create-table-01
-- source: Iceberg DDL (partition transforms)
-- run: yes
CREATE TABLE IF NOT EXISTS lakehouse.corpus.events (
    event_id BIGINT NOT NULL COMMENT 'unique event id',
    user_id BIGINT,
    country STRING,
    event_ts TIMESTAMP,
    event_date DATE,
    payload MAP<STRING, STRING>,
    tags ARRAY<STRING>,
    device STRUCT<os: STRING, version: INT>
)
USING iceberg
PARTITIONED BY (days(event_ts), bucket(16, user_id), truncate(4, country))
COMMENT 'Clickstream events'
TBLPROPERTIES ('format-version' = '2', 'write.target-file-size-bytes' = '134217728')
;;
-- id: iceberg-create-table-02
-- source: Iceberg DDL (partition transforms)
-- run: yes
CREATE TABLE lakehouse.corpus.customer_activity (
    customer_id BIGINT NOT NULL,
    birth_date DATE,
    signup_date DATE,
    last_seen TIMESTAMP,
    segment STRING COMMENT 'market segment'
) USING iceberg
PARTITIONED BY (years(birth_date), months(signup_date), hours(last_seen))
;;
-- id: iceberg-create-table-03
-- source: Iceberg DDL (LOCATION)
-- run: no: LOCATION outside the warehouse
CREATE TABLE lakehouse.corpus.events_archive (event_id BIGINT, event_ts TIMESTAMP)
USING iceberg
LOCATION 'file:///tmp/archive/events'
;;
-- id: iceberg-create-table-04
-- source: Spark SQL (DDL, bucketing)
-- run: no: Iceberg tables do not support CLUSTERED BY buckets
CREATE TABLE lakehouse.corpus.orders_bucketed (o_orderkey BIGINT, o_custkey BIGINT, o_totalprice DECIMAL(15,2))
USING iceberg
CLUSTERED BY (o_custkey) SORTED BY (o_orderkey) INTO 4 BUCKETS
;;
-- id: spark-create-table-hive-01
-- source: Spark SQL (Hive-format DDL)
-- run: no: Hive SerDe tables need Hive support (in the Iceberg catalog Spark would only pass ROW FORMAT / STORED AS on as table properties)
CREATE TABLE corpus.raw_lines (line STRING)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
STORED AS TEXTFILE
;;
-- id: spark-create-table-like-01
-- source: Spark SQL (DDL)
-- run: no: CREATE TABLE LIKE works only in the Spark session catalog, not in the Iceberg catalog lakehouse
CREATE TABLE IF NOT EXISTS corpus.orders_shape LIKE tpch.orders USING parquet
;;
-- id: iceberg-create-table-05
-- source: Iceberg DDL (OPTIONS, identifiers needing quotes)
-- run: yes
CREATE TABLE lakehouse.corpus.odd_names (
    `id` INT,
    `col``tick` STRING,
    `with space` STRING,
    `dash-col` DOUBLE
) USING iceberg
OPTIONS ('compression' = 'zstd')
COMMENT 'Names that need backticks'
;;
-- id: iceberg-insert-values-01
-- source: Spark SQL (INSERT VALUES)
-- run: yes
INSERT INTO lakehouse.corpus.odd_names VALUES (1, 'a`b', 'x y', 1.5), (2, 'c', 'z', -0.25)
;;
-- id: iceberg-select-odd-names-01
-- source: Spark SQL (doubled backticks)
-- run: yes
SELECT `col``tick`, `with space`, `dash-col` * 2 AS `dash-col x2` FROM lakehouse.corpus.odd_names WHERE `id` = 1
;;
-- id: iceberg-insert-values-02
-- source: Spark SQL (INSERT VALUES)
-- run: yes
INSERT INTO lakehouse.corpus.events VALUES
    (1, 101, 'GERMANY', TIMESTAMP '2024-03-01 10:00:00', DATE '2024-03-01', map('page', '/home'), array('new', 'mobile'), named_struct('os', 'ios', 'version', 17)),
    (2, 102, 'FRANCE', TIMESTAMP '2024-03-01 11:30:00', DATE '2024-03-01', map('page', '/cart'), array('returning'), named_struct('os', 'android', 'version', 14)),
    (3, 101, 'GERMANY', TIMESTAMP '2024-03-02 09:15:00', DATE '2024-03-02', map(), array(), named_struct('os', 'ios', 'version', 17))
;;
-- id: iceberg-insert-select-01
-- source: Spark SQL (INSERT INTO TABLE ... SELECT)
-- run: yes
INSERT INTO TABLE lakehouse.corpus.events
SELECT /*+ COALESCE(1) */
    o_orderkey + 1000 AS event_id,
    o_custkey AS user_id,
    n_name AS country,
    to_timestamp(concat(cast(o_orderdate AS STRING), ' 12:00:00')) AS event_ts,
    o_orderdate AS event_date,
    map('priority', o_orderpriority, 'clerk', o_clerk) AS payload,
    array(o_orderstatus) AS tags,
    named_struct('os', 'web', 'version', cast(o_shippriority AS INT)) AS device
FROM tpch.orders
JOIN tpch.customer ON o_custkey = c_custkey
JOIN tpch.nation ON c_nationkey = n_nationkey
WHERE o_orderdate >= DATE '1998-07-01'
;;
-- id: iceberg-insert-by-name-01
-- source: Spark SQL (INSERT BY NAME)
-- run: yes
INSERT INTO lakehouse.corpus.events BY NAME
SELECT named_struct('os', 'linux', 'version', 6) AS device,
       array('api') AS tags,
       map('source', 'backfill') AS payload,
       DATE '2024-03-03' AS event_date,
       TIMESTAMP '2024-03-03 08:00:00' AS event_ts,
       'JAPAN' AS country,
       CAST(103 AS BIGINT) AS user_id,
       CAST(4 AS BIGINT) AS event_id
;;
-- id: iceberg-insert-columns-01
-- source: Spark SQL (INSERT with column list)
-- run: yes
INSERT INTO lakehouse.corpus.events (event_id, event_ts, event_date, user_id, country, payload, tags, device)
VALUES (5, TIMESTAMP '2024-03-04 18:20:00', DATE '2024-03-04', 104, 'BRAZIL', map('page', '/search'), array('new'), named_struct('os', 'web', 'version', 1))
;;
-- id: iceberg-insert-values-03
-- source: Spark SQL (INSERT VALUES)
-- run: yes
INSERT INTO lakehouse.corpus.customer_activity
SELECT c_custkey, date_add(DATE '1970-01-01', cast(c_custkey * 37 % 15000 AS INT)), o_min, cast(o_max AS TIMESTAMP), c_mktsegment
FROM (
    SELECT c_custkey, c_mktsegment, min(o_orderdate) AS o_min, max(o_orderdate) AS o_max
    FROM tpch.customer JOIN tpch.orders ON o_custkey = c_custkey
    WHERE c_custkey <= 300
    GROUP BY c_custkey, c_mktsegment
) first_orders
;;
-- id: iceberg-create-tag-02
-- source: Iceberg DDL (Spark SQL extensions)
-- run: yes
ALTER TABLE lakehouse.corpus.events CREATE TAG loaded
;;
-- id: iceberg-update-01
-- source: Spark SQL (UPDATE)
-- run: yes
UPDATE lakehouse.corpus.events
SET country = initcap(country), payload = map_concat(payload, map('updated', 'true'))
WHERE event_date >= DATE '2024-03-01'
;;
-- id: iceberg-delete-01
-- source: Spark SQL (DELETE)
-- run: yes
DELETE FROM lakehouse.corpus.events WHERE event_date < DATE '1998-08-01'
;;
-- id: iceberg-delete-02
-- source: Spark SQL (DELETE with subquery)
-- run: yes
DELETE FROM lakehouse.corpus.events
WHERE user_id IN (SELECT c_custkey FROM tpch.customer WHERE c_mktsegment = 'AUTOMOBILE')
  AND event_id > 1000
;;
-- id: iceberg-merge-01
-- source: Spark SQL (MERGE INTO, all clause kinds)
-- run: yes
MERGE INTO lakehouse.corpus.events t
USING (
    SELECT * FROM VALUES
        (CAST(1 AS BIGINT), 'delete'),
        (CAST(2 AS BIGINT), 'update'),
        (CAST(6 AS BIGINT), 'insert')
    AS s(event_id, op)
) s
ON t.event_id = s.event_id
WHEN MATCHED AND s.op = 'delete' THEN DELETE
WHEN MATCHED THEN UPDATE SET t.tags = array_union(t.tags, array('merged'))
WHEN NOT MATCHED BY TARGET THEN INSERT (event_id, user_id, country, event_ts, event_date, payload, tags, device)
    VALUES (s.event_id, 106, 'KENYA', TIMESTAMP '2024-03-05 07:00:00', DATE '2024-03-05', map('page', '/merge'), array('merged'), named_struct('os', 'web', 'version', 1))
WHEN NOT MATCHED BY SOURCE AND t.event_id > 1000 AND t.event_date < DATE '1998-08-15' THEN DELETE
;;
-- id: iceberg-merge-02
-- source: Spark SQL (MERGE INTO ... NOT MATCHED BY SOURCE UPDATE)
-- run: yes
MERGE INTO lakehouse.corpus.customer_activity AS tgt
USING (SELECT c_custkey, c_mktsegment FROM tpch.customer WHERE c_custkey <= 250) AS src
ON tgt.customer_id = src.c_custkey
WHEN MATCHED AND tgt.segment <> src.c_mktsegment THEN UPDATE SET segment = src.c_mktsegment
WHEN NOT MATCHED BY SOURCE THEN UPDATE SET segment = 'CHURNED'
;;
-- id: iceberg-time-travel-01
-- source: Spark SQL (time travel, VERSION AS OF)
-- run: yes
SELECT count(*) FROM lakehouse.corpus.events VERSION AS OF 'loaded'
;;
-- id: iceberg-time-travel-02
-- source: Spark SQL (time travel, FOR SYSTEM_VERSION AS OF)
-- run: yes
select o_orderstatus, count(*) from lakehouse.corpus.fct_orders for system_version as of 'initial_load' group by o_orderstatus
;;
-- id: iceberg-time-travel-03
-- source: Spark SQL (time travel, TIMESTAMP AS OF)
-- run: yes
SELECT count(*) FROM lakehouse.corpus.events TIMESTAMP AS OF current_timestamp()
;;
-- id: iceberg-time-travel-04
-- source: Spark SQL (time travel, FOR SYSTEM_TIME AS OF)
-- run: yes
SELECT e.event_id, e.country FROM lakehouse.corpus.events FOR SYSTEM_TIME AS OF current_timestamp() AS e WHERE e.event_id < 10
;;
-- id: iceberg-time-travel-05
-- source: Spark SQL (time travel, snapshot id)
-- run: no: the snapshot id is specific to one warehouse
SELECT * FROM lakehouse.corpus.events VERSION AS OF 5937117119577207000
;;
-- id: iceberg-time-travel-06
-- source: Spark SQL (time travel, tag identifier)
-- run: yes
SELECT count(*) AS loaded_rows FROM lakehouse.corpus.events.tag_loaded
;;
-- id: iceberg-time-travel-07
-- source: Spark SQL (time travel, compare versions)
-- run: yes
SELECT cur.o_orderstatus, cur.n AS now_count, old.n AS initial_count
FROM (SELECT o_orderstatus, count(*) AS n FROM lakehouse.corpus.fct_orders GROUP BY o_orderstatus) cur
FULL OUTER JOIN (SELECT o_orderstatus, count(*) AS n FROM lakehouse.corpus.fct_orders VERSION AS OF 'initial_load' GROUP BY o_orderstatus) old
  ON cur.o_orderstatus = old.o_orderstatus
;;
-- id: iceberg-metadata-01
-- source: Spark SQL (Iceberg metadata tables)
-- run: yes
SELECT snapshot_id, parent_id, operation, summary['added-records'] AS added_records
FROM lakehouse.corpus.events.snapshots
ORDER BY committed_at
;;
-- id: iceberg-metadata-02
-- source: Spark SQL (Iceberg metadata tables)
-- run: yes
select * from corpus.fct_orders.history
;;
-- id: iceberg-metadata-03
-- source: Spark SQL (Iceberg metadata tables)
-- run: yes
SELECT partition, record_count, file_count FROM lakehouse.corpus.fct_orders.partitions
;;
-- id: iceberg-metadata-04
-- source: Spark SQL (Iceberg metadata tables)
-- run: yes
SELECT file_path, file_format, record_count, file_size_in_bytes FROM lakehouse.corpus.events.files
;;
-- id: iceberg-metadata-05
-- source: Spark SQL (Iceberg metadata tables)
-- run: yes
SELECT name, type, snapshot_id, max_reference_age_in_ms FROM lakehouse.corpus.events.refs
;;
-- id: iceberg-metadata-06
-- source: Spark SQL (Iceberg metadata tables)
-- run: yes
select count(*) as manifests, sum(added_data_files_count) as added_files from lakehouse.tpch.lineitem.manifests
;;
-- id: iceberg-branch-01
-- source: Iceberg DDL (branches)
-- run: yes
ALTER TABLE lakehouse.corpus.events CREATE BRANCH IF NOT EXISTS audit RETAIN 7 DAYS
;;
-- id: iceberg-branch-02
-- source: Spark SQL (write to an Iceberg branch)
-- run: yes
INSERT INTO lakehouse.corpus.events.branch_audit
VALUES (7, 107, 'INDIA', TIMESTAMP '2024-03-06 12:00:00', DATE '2024-03-06', map('page', '/audit'), array('audit'), named_struct('os', 'web', 'version', 2))
;;
-- id: iceberg-branch-03
-- source: Spark SQL (read an Iceberg branch)
-- run: yes
SELECT event_id, country FROM lakehouse.corpus.events VERSION AS OF 'audit' WHERE event_id = 7
;;
-- id: iceberg-call-fast-forward-01
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.fast_forward('corpus.events', 'main', 'audit')
;;
-- id: iceberg-branch-04
-- source: Iceberg DDL (branches)
-- run: yes
ALTER TABLE lakehouse.corpus.events DROP BRANCH IF EXISTS audit
;;
-- id: iceberg-alter-add-columns-01
-- source: Spark SQL (ALTER TABLE ADD COLUMNS)
-- run: yes
ALTER TABLE lakehouse.corpus.events ADD COLUMNS (
    session_id STRING COMMENT 'web session' AFTER user_id,
    score DOUBLE FIRST
)
;;
-- id: iceberg-alter-add-column-02
-- source: Spark SQL (ALTER TABLE ADD COLUMN, nested)
-- run: yes
ALTER TABLE lakehouse.corpus.events ADD COLUMN device.locale STRING
;;
-- id: iceberg-alter-rename-column-01
-- source: Spark SQL (ALTER TABLE RENAME COLUMN)
-- run: yes
ALTER TABLE lakehouse.corpus.events RENAME COLUMN score TO relevance
;;
-- id: iceberg-alter-column-type-01
-- source: Spark SQL (ALTER COLUMN TYPE, widening)
-- run: yes
ALTER TABLE lakehouse.corpus.events ALTER COLUMN device.version TYPE BIGINT
;;
-- id: iceberg-alter-column-comment-01
-- source: Spark SQL (ALTER COLUMN COMMENT)
-- run: yes
ALTER TABLE lakehouse.corpus.events ALTER COLUMN session_id COMMENT 'browser session id'
;;
-- id: iceberg-alter-column-position-01
-- source: Spark SQL (ALTER COLUMN position)
-- run: yes
ALTER TABLE lakehouse.corpus.events ALTER COLUMN relevance AFTER event_id
;;
-- id: iceberg-alter-column-nullability-01
-- source: Spark SQL (ALTER COLUMN DROP NOT NULL)
-- run: yes
ALTER TABLE lakehouse.corpus.customer_activity ALTER COLUMN customer_id DROP NOT NULL
;;
-- id: iceberg-change-column-01
-- source: Spark SQL (Hive-style CHANGE COLUMN)
-- run: yes
ALTER TABLE lakehouse.corpus.events CHANGE COLUMN user_id user_id BIGINT COMMENT 'customer key from tpch'
;;
-- id: iceberg-alter-drop-column-01
-- source: Spark SQL (ALTER TABLE DROP COLUMN)
-- run: yes
ALTER TABLE lakehouse.corpus.events DROP COLUMN session_id
;;
-- id: iceberg-alter-drop-columns-02
-- source: Spark SQL (ALTER TABLE DROP COLUMNS)
-- run: yes
ALTER TABLE lakehouse.corpus.events DROP COLUMNS IF EXISTS (relevance, device.locale)
;;
-- id: iceberg-set-tblproperties-01
-- source: Spark SQL (ALTER TABLE SET TBLPROPERTIES)
-- run: yes
ALTER TABLE lakehouse.corpus.events SET TBLPROPERTIES (
    'write.metadata.delete-after-commit.enabled' = 'true',
    'write.metadata.previous-versions-max' = '20',
    'comment' = 'Clickstream events (corpus)'
)
;;
-- id: iceberg-unset-tblproperties-01
-- source: Spark SQL (ALTER TABLE UNSET TBLPROPERTIES)
-- run: yes
ALTER TABLE lakehouse.corpus.events UNSET TBLPROPERTIES IF EXISTS ('write.metadata.previous-versions-max', 'not.a.property')
;;
-- id: iceberg-add-partition-field-01
-- source: Iceberg DDL (ADD PARTITION FIELD)
-- run: yes
ALTER TABLE lakehouse.corpus.events ADD PARTITION FIELD years(event_date) AS event_year
;;
-- id: iceberg-add-partition-field-02
-- source: Iceberg DDL (ADD PARTITION FIELD)
-- run: yes
ALTER TABLE lakehouse.corpus.fct_orders ADD PARTITION FIELD bucket(8, o_custkey)
;;
-- id: iceberg-drop-partition-field-01
-- source: Iceberg DDL (DROP PARTITION FIELD)
-- run: yes
ALTER TABLE lakehouse.corpus.events DROP PARTITION FIELD truncate(4, country)
;;
-- id: iceberg-replace-partition-field-01
-- source: Iceberg DDL (REPLACE PARTITION FIELD)
-- run: yes
ALTER TABLE lakehouse.corpus.events REPLACE PARTITION FIELD event_ts_day WITH days(event_ts) AS event_day
;;
-- id: iceberg-write-ordered-01
-- source: Iceberg DDL (WRITE ORDERED BY)
-- run: yes
ALTER TABLE lakehouse.corpus.events WRITE ORDERED BY event_ts ASC NULLS LAST, user_id DESC
;;
-- id: iceberg-write-distributed-01
-- source: Iceberg DDL (WRITE DISTRIBUTED BY PARTITION)
-- run: yes
ALTER TABLE lakehouse.corpus.fct_orders WRITE DISTRIBUTED BY PARTITION LOCALLY ORDERED BY o_orderdate
;;
-- id: iceberg-write-unordered-01
-- source: Iceberg DDL (WRITE UNORDERED)
-- run: yes
ALTER TABLE lakehouse.corpus.fct_orders WRITE UNORDERED
;;
-- id: iceberg-identifier-fields-01
-- source: Iceberg DDL (SET IDENTIFIER FIELDS)
-- run: yes
ALTER TABLE lakehouse.corpus.events SET IDENTIFIER FIELDS event_id
;;
-- id: iceberg-identifier-fields-02
-- source: Iceberg DDL (DROP IDENTIFIER FIELDS)
-- run: yes
ALTER TABLE lakehouse.corpus.events DROP IDENTIFIER FIELDS event_id
;;
-- id: iceberg-insert-after-evolution-01
-- source: Spark SQL (INSERT after schema evolution)
-- run: yes
INSERT INTO lakehouse.corpus.events
SELECT event_id + 100000, user_id, country, event_ts + INTERVAL 1 DAY, date_add(event_date, 1), payload, tags, device
FROM lakehouse.corpus.events VERSION AS OF 'loaded'
WHERE event_id < 10
;;
-- id: iceberg-show-create-table-01
-- source: Spark SQL (SHOW CREATE TABLE)
-- run: yes
SHOW CREATE TABLE lakehouse.corpus.events
;;
-- id: iceberg-show-create-table-02
-- source: Spark SQL (SHOW CREATE TABLE AS SERDE)
-- run: no: AS SERDE works only for Hive tables in the session catalog
SHOW CREATE TABLE lakehouse.corpus.events AS SERDE
;;
-- id: iceberg-show-columns-01
-- source: Spark SQL (SHOW COLUMNS)
-- run: no: SHOW COLUMNS is not supported for v2 (Iceberg) tables in Spark 3.5
SHOW COLUMNS IN lakehouse.corpus.events
;;
-- id: iceberg-show-columns-02
-- source: Spark SQL (SHOW COLUMNS)
-- run: no: SHOW COLUMNS is not supported for v2 (Iceberg) tables in Spark 3.5
SHOW COLUMNS FROM orders IN tpch
;;
-- id: iceberg-show-tblproperties-02
-- source: Spark SQL (SHOW TBLPROPERTIES key)
-- run: yes
SHOW TBLPROPERTIES lakehouse.corpus.events ('format-version')
;;
-- id: iceberg-describe-column-01
-- source: Spark SQL (DESCRIBE column)
-- run: yes
DESCRIBE lakehouse.corpus.events event_ts
;;
-- id: iceberg-describe-column-02
-- source: Spark SQL (DESCRIBE nested column)
-- run: yes
DESC TABLE lakehouse.corpus.events device
;;
-- id: iceberg-describe-extended-01
-- source: Spark SQL (DESCRIBE TABLE EXTENDED)
-- run: yes
DESCRIBE TABLE EXTENDED lakehouse.corpus.customer_activity
;;
-- id: spark-show-table-extended-01
-- source: Spark SQL (SHOW TABLE EXTENDED)
-- run: no: SHOW TABLE EXTENDED is not supported for v2 (Iceberg) catalogs in Spark 3.5 (SPARK-33393)
SHOW TABLE EXTENDED IN corpus LIKE 'events'
;;
-- id: iceberg-create-view-01
-- source: Spark SQL (CREATE VIEW with column comments)
-- run: yes
CREATE VIEW lakehouse.corpus.v_daily_events (
    event_date COMMENT 'calendar day',
    country,
    events COMMENT 'number of events'
)
COMMENT 'Events per day and country'
TBLPROPERTIES ('owner' = 'analytics', 'refresh' = 'on-read')
AS SELECT event_date, country, count(*) FROM lakehouse.corpus.events GROUP BY event_date, country
;;
-- id: iceberg-create-view-02
-- source: Spark SQL (CREATE VIEW IF NOT EXISTS)
-- run: yes
CREATE VIEW IF NOT EXISTS corpus.v_big_orders AS
SELECT o_orderkey, o_custkey, o_totalprice FROM tpch.orders WHERE o_totalprice > 400000
;;
-- id: iceberg-select-view-01
-- source: Spark SQL (query a view)
-- run: yes
SELECT v.country, sum(v.events) AS total FROM lakehouse.corpus.v_daily_events v GROUP BY v.country ORDER BY total DESC
;;
-- id: iceberg-alter-view-properties-01
-- source: Spark SQL (ALTER VIEW SET TBLPROPERTIES)
-- run: yes
ALTER VIEW lakehouse.corpus.v_daily_events SET TBLPROPERTIES ('refresh' = 'never', 'reviewed' = 'true')
;;
-- id: iceberg-alter-view-properties-02
-- source: Spark SQL (ALTER VIEW UNSET TBLPROPERTIES)
-- run: yes
ALTER VIEW lakehouse.corpus.v_daily_events UNSET TBLPROPERTIES IF EXISTS ('reviewed')
;;
-- id: iceberg-alter-view-as-01
-- source: Spark SQL (ALTER VIEW AS)
-- run: no: Iceberg views in Spark 3.5 support CREATE OR REPLACE VIEW, not ALTER VIEW ... AS
ALTER VIEW corpus.v_big_orders AS
SELECT o_orderkey, o_custkey, o_totalprice, o_orderdate FROM tpch.orders WHERE o_totalprice > 450000
;;
-- id: iceberg-replace-view-01
-- source: Spark SQL (CREATE OR REPLACE VIEW)
-- run: yes
CREATE OR REPLACE VIEW corpus.v_big_orders AS
SELECT o_orderkey, o_custkey, o_totalprice, o_orderdate FROM tpch.orders WHERE o_totalprice > 450000
;;
-- id: iceberg-rename-view-01
-- source: Spark SQL (ALTER VIEW RENAME TO)
-- run: yes
ALTER VIEW corpus.v_big_orders RENAME TO corpus.v_largest_orders
;;
-- id: iceberg-show-views-01
-- source: Spark SQL (SHOW VIEWS)
-- run: yes
SHOW VIEWS IN lakehouse.corpus LIKE 'v_*'
;;
-- id: iceberg-show-create-view-01
-- source: Spark SQL (SHOW CREATE TABLE on a view)
-- run: yes
SHOW CREATE TABLE lakehouse.corpus.v_daily_events
;;
-- id: iceberg-show-view-properties-01
-- source: Spark SQL (SHOW TBLPROPERTIES on a view)
-- run: yes
SHOW TBLPROPERTIES lakehouse.corpus.v_daily_events
;;
-- id: iceberg-describe-view-01
-- source: Spark SQL (DESCRIBE EXTENDED on a view)
-- run: yes
DESCRIBE EXTENDED corpus.v_largest_orders
;;
-- id: spark-temp-view-01
-- source: Spark SQL (CREATE TEMPORARY VIEW)
-- run: no: temporary views live in one engine session
CREATE TEMPORARY VIEW recent_orders AS
SELECT * FROM tpch.orders WHERE o_orderdate >= DATE '1998-06-01'
;;
-- id: spark-temp-view-02
-- source: Spark SQL (query a temporary view)
-- run: no: temporary views live in one engine session
SELECT o_orderstatus, count(*) FROM recent_orders GROUP BY o_orderstatus
;;
-- id: spark-temp-view-03
-- source: Spark SQL (CREATE TEMPORARY VIEW USING)
-- run: no: temporary views live in one engine session; the path is not in the warehouse
CREATE OR REPLACE TEMPORARY VIEW raw_events
USING parquet
OPTIONS (path '/data/landing/events/')
;;
-- id: spark-global-temp-view-01
-- source: Spark SQL (CREATE GLOBAL TEMPORARY VIEW)
-- run: no: global temporary views live in the engine's global_temp database, outside the Iceberg catalog
CREATE OR REPLACE GLOBAL TEMPORARY VIEW top_nations AS
SELECT n_name, count(*) AS customers FROM tpch.customer JOIN tpch.nation ON c_nationkey = n_nationkey GROUP BY n_name
;;
-- id: spark-global-temp-view-02
-- source: Spark SQL (query a global temporary view)
-- run: no: global temporary views live in the engine's global_temp database, outside the Iceberg catalog
SELECT * FROM global_temp.top_nations ORDER BY customers DESC
;;
-- id: spark-cache-01
-- source: Spark SQL (CACHE TABLE)
-- run: yes
CACHE TABLE lakehouse.corpus.fct_orders
;;
-- id: spark-cache-02
-- source: Spark SQL (CACHE LAZY TABLE)
-- run: yes
CACHE LAZY TABLE lakehouse.corpus.dim_customers OPTIONS ('storageLevel' = 'MEMORY_AND_DISK')
;;
-- id: spark-cache-03
-- source: Spark SQL (CACHE TABLE AS SELECT)
-- run: no: CACHE TABLE ... AS SELECT creates a temporary view, which lives in one engine session
CACHE TABLE big_customers AS SELECT * FROM tpch.customer WHERE c_acctbal > 9000
;;
-- id: spark-cache-select-01
-- source: Spark SQL (query a cached table)
-- run: yes
SELECT f.o_orderstatus, d.c_mktsegment, count(*) AS orders
FROM lakehouse.corpus.fct_orders f JOIN lakehouse.corpus.dim_customers d ON f.o_custkey = d.c_custkey
GROUP BY f.o_orderstatus, d.c_mktsegment
;;
-- id: spark-uncache-01
-- source: Spark SQL (UNCACHE TABLE)
-- run: yes
UNCACHE TABLE lakehouse.corpus.fct_orders
;;
-- id: spark-uncache-02
-- source: Spark SQL (UNCACHE TABLE IF EXISTS)
-- run: yes
UNCACHE TABLE IF EXISTS big_customers
;;
-- id: spark-clear-cache-01
-- source: Spark SQL (CLEAR CACHE)
-- run: yes
CLEAR CACHE
;;
-- id: spark-refresh-01
-- source: Spark SQL (REFRESH TABLE)
-- run: yes
REFRESH TABLE lakehouse.corpus.events
;;
-- id: spark-refresh-02
-- source: Spark SQL (REFRESH TABLE)
-- run: yes
refresh table tpch.orders
;;
-- id: spark-analyze-01
-- source: Spark SQL (ANALYZE TABLE)
-- run: no: ANALYZE TABLE is not supported for v2 (Iceberg) tables in Spark 3.5
ANALYZE TABLE lakehouse.corpus.fct_orders COMPUTE STATISTICS
;;
-- id: spark-analyze-02
-- source: Spark SQL (ANALYZE TABLE)
-- run: no: ANALYZE TABLE is not supported for v2 (Iceberg) tables in Spark 3.5
ANALYZE TABLE lakehouse.corpus.fct_orders COMPUTE STATISTICS FOR COLUMNS o_orderdate, o_totalprice
;;
-- id: spark-analyze-03
-- source: Spark SQL (ANALYZE TABLES)
-- run: no: ANALYZE TABLES is not supported for v2 (Iceberg) catalogs in Spark 3.5
ANALYZE TABLES IN corpus COMPUTE STATISTICS NOSCAN
;;
-- id: iceberg-call-rewrite-data-files-01
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.rewrite_data_files(table => 'corpus.fct_orders')
;;
-- id: iceberg-call-rewrite-data-files-02
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.rewrite_data_files(
    table => 'corpus.events',
    strategy => 'sort',
    sort_order => 'event_ts DESC NULLS LAST',
    options => map('min-input-files', '2', 'rewrite-all', 'true'),
    where => 'event_date >= "1998-01-01"'
)
;;
-- id: iceberg-call-rewrite-manifests-01
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.rewrite_manifests('corpus.fct_orders')
;;
-- id: iceberg-call-expire-snapshots-01
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.expire_snapshots(table => 'corpus.events', older_than => TIMESTAMP '2020-01-01 00:00:00.000', retain_last => 5)
;;
-- id: iceberg-call-remove-orphans-01
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.remove_orphan_files(table => 'corpus.events', dry_run => true)
;;
-- id: iceberg-call-ancestors-01
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.ancestors_of('corpus.events')
;;
-- id: iceberg-call-changelog-01
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.create_changelog_view(table => 'corpus.country_codes', changelog_view => 'country_codes_changes')
;;
-- id: iceberg-call-rollback-01
-- source: Iceberg procedures
-- run: no: the snapshot id is specific to one warehouse
CALL lakehouse.system.rollback_to_snapshot('corpus.fct_orders', 5937117119577207000)
;;
-- id: iceberg-call-rollback-02
-- source: Iceberg procedures
-- run: no: no snapshot of the table is older than this timestamp
CALL lakehouse.system.rollback_to_timestamp(table => 'corpus.fct_orders', timestamp => TIMESTAMP '2021-06-30 00:00:00.000')
;;
-- id: iceberg-call-set-current-snapshot-01
-- source: Iceberg procedures
-- run: yes
CALL lakehouse.system.set_current_snapshot(table => 'corpus.fct_orders', ref => 'initial_load')
;;
-- id: iceberg-call-snapshot-01
-- source: Iceberg procedures
-- run: no: snapshot needs a source table in the Spark session catalog
CALL lakehouse.system.snapshot('default.legacy_orders', 'corpus.legacy_orders_iceberg')
;;
-- id: iceberg-drop-tag-01
-- source: Iceberg DDL (tags)
-- run: yes
ALTER TABLE lakehouse.corpus.fct_orders DROP TAG IF EXISTS initial_load
;;
-- id: iceberg-replace-table-01
-- source: Spark SQL (REPLACE TABLE AS SELECT)
-- run: yes
REPLACE TABLE lakehouse.corpus.odd_names USING iceberg AS
SELECT n_nationkey AS `id`, n_name AS `col``tick`, r_name AS `with space`, CAST(n_regionkey AS DOUBLE) AS `dash-col`
FROM tpch.nation JOIN tpch.region ON n_regionkey = r_regionkey
;;
-- id: iceberg-replace-table-02
-- source: Spark SQL (REPLACE TABLE with schema)
-- run: yes
REPLACE TABLE lakehouse.corpus.customer_activity (
    customer_id BIGINT,
    last_seen TIMESTAMP,
    segment STRING
) USING iceberg
PARTITIONED BY (segment)
TBLPROPERTIES ('format-version' = '2')
;;
-- id: iceberg-truncate-01
-- source: Spark SQL (TRUNCATE TABLE)
-- run: yes
TRUNCATE TABLE lakehouse.corpus.odd_names
;;
-- id: iceberg-insert-overwrite-01
-- source: Spark SQL (INSERT OVERWRITE TABLE)
-- run: yes
INSERT OVERWRITE TABLE lakehouse.corpus.customer_activity
SELECT c_custkey, CAST(NULL AS TIMESTAMP), c_mktsegment FROM tpch.customer WHERE c_custkey <= 100
;;
-- id: iceberg-insert-replace-where-01
-- source: Spark SQL (INSERT INTO ... REPLACE WHERE)
-- run: yes
INSERT INTO lakehouse.corpus.customer_activity REPLACE WHERE segment = 'BUILDING'
SELECT c_custkey, TIMESTAMP '2024-01-01 00:00:00', c_mktsegment FROM tpch.customer WHERE c_mktsegment = 'BUILDING' AND c_custkey <= 200
;;
-- id: spark-set-location-01
-- source: Spark SQL (ALTER TABLE SET LOCATION)
-- run: no: LOCATION outside the warehouse
ALTER TABLE lakehouse.corpus.events SET LOCATION 'file:///tmp/relocated/events'
;;
-- id: spark-add-partition-01
-- source: Spark SQL (ALTER TABLE ADD PARTITION)
-- run: no: Iceberg tables do not support partition management (ADD PARTITION)
ALTER TABLE lakehouse.corpus.fct_orders ADD IF NOT EXISTS PARTITION (o_orderstatus = 'X')
;;
-- id: spark-serde-properties-01
-- source: Spark SQL (ALTER TABLE SET SERDEPROPERTIES)
-- run: no: SET SERDEPROPERTIES is not supported for v2 (Iceberg) tables
ALTER TABLE lakehouse.corpus.events SET SERDEPROPERTIES ('field.delim' = ',')
;;
-- id: spark-msck-repair-01
-- source: Spark SQL (MSCK REPAIR TABLE)
-- run: no: repairing partitions applies only to Hive-style partitioned tables
MSCK REPAIR TABLE lakehouse.corpus.fct_orders
;;
-- id: spark-load-data-01
-- source: Spark SQL (LOAD DATA)
-- run: no: LOAD DATA works only for Hive tables
LOAD DATA LOCAL INPATH '/tmp/orders.csv' OVERWRITE INTO TABLE lakehouse.corpus.fct_orders
;;
-- id: spark-insert-directory-01
-- source: Spark SQL (INSERT OVERWRITE DIRECTORY)
-- run: no: writes files outside the warehouse
INSERT OVERWRITE DIRECTORY '/tmp/exports/orders' USING parquet
SELECT * FROM tpch.orders WHERE o_orderdate >= DATE '1998-01-01'
;;
-- id: cleanup-drop-view-01
-- source: Spark SQL (DROP VIEW)
-- run: yes
DROP VIEW lakehouse.corpus.v_daily_events
;;
-- id: cleanup-drop-view-02
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop view if exists lakehouse.corpus.v_order_summary
;;
-- id: cleanup-drop-view-03
-- source: Spark SQL (DROP VIEW)
-- run: yes
DROP VIEW IF EXISTS corpus.v_largest_orders
;;
-- id: cleanup-drop-table-01
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop table if exists lakehouse.corpus.stg_orders
;;
-- id: cleanup-drop-table-02
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop table if exists lakehouse.corpus.dim_customers
;;
-- id: cleanup-drop-table-03
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop table if exists lakehouse.corpus.nation_regions
;;
-- id: cleanup-drop-table-04
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop table if exists lakehouse.corpus.fct_orders
;;
-- id: cleanup-drop-table-05
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop table if exists lakehouse.corpus.country_codes
;;
-- id: cleanup-drop-table-06
-- source: dbt-spark adapter (drop_relation)
-- run: yes
drop table if exists lakehouse.corpus.customers_snapshot
;;
-- id: cleanup-drop-table-07
-- source: Spark SQL (DROP TABLE PURGE)
-- run: yes
DROP TABLE lakehouse.corpus.events PURGE
;;
-- id: cleanup-drop-table-08
-- source: Spark SQL (DROP TABLE)
-- run: yes
DROP TABLE IF EXISTS lakehouse.corpus.customer_activity
;;
-- id: cleanup-drop-table-09
-- source: Spark SQL (DROP TABLE)
-- run: yes
DROP TABLE lakehouse.corpus.odd_names
;;
-- id: cleanup-drop-schema-01
-- source: dbt-spark adapter (drop_schema)
-- run: yes
drop schema if exists lakehouse.corpus cascade
;;

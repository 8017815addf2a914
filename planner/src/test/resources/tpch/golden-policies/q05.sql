SELECT `n_name`, SUM(`l_extendedprice` * (1 - `l_discount`)) AS `revenue`
FROM (SELECT `c_custkey`, MASK(`c_name`) AS `c_name`, CONCAT(SUBSTR(`c_address`, 1, 3), '***') AS `c_address`, `c_nationkey`, CONCAT(MASK(SUBSTR(`c_phone`, 1, LENGTH(`c_phone`) - 4), 'x', 'x', 'x'), SUBSTR(`c_phone`, -4)) AS `c_phone`, CAST(REGEXP_REPLACE(CAST(`c_acctbal` AS STRING), '[0-9]', '1') AS DECIMAL(15,2)) AS `c_acctbal`, `c_mktsegment`, SHA2(`c_comment`, 256) AS `c_comment`
    FROM `lakehouse`.`tpch`.`customer`) AS `customer`, (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
    FROM `lakehouse`.`tpch`.`orders`
    WHERE `o_orderdate` >= DATE '1994-01-01'
      OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`, (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
    FROM `lakehouse`.`tpch`.`lineitem`
    WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`, `lakehouse`.`tpch`.`supplier`, `lakehouse`.`tpch`.`nation`, `lakehouse`.`tpch`.`region`
WHERE `c_custkey` = `o_custkey`
  AND `l_orderkey` = `o_orderkey`
  AND `l_suppkey` = `s_suppkey`
  AND `c_nationkey` = `s_nationkey`
  AND `s_nationkey` = `n_nationkey`
  AND `n_regionkey` = `r_regionkey`
  AND `r_name` = 'ASIA'
  AND `o_orderdate` >= DATE '1994-01-01'
  AND `o_orderdate` < DATE '1994-01-01' + INTERVAL '1' YEAR
GROUP BY `n_name`
ORDER BY `revenue` DESC

SELECT `l_orderkey`, SUM(`l_extendedprice` * (1 - `l_discount`)) AS `revenue`, `o_orderdate`, `o_shippriority`
FROM (SELECT `c_custkey`, MASK(`c_name`) AS `c_name`, CONCAT(SUBSTR(`c_address`, 1, 3), '***') AS `c_address`, `c_nationkey`, CONCAT(MASK(SUBSTR(`c_phone`, 1, LENGTH(`c_phone`) - 4), 'x', 'x', 'x'), SUBSTR(`c_phone`, -4)) AS `c_phone`, CAST(REGEXP_REPLACE(CAST(`c_acctbal` AS STRING), '[0-9]', '1') AS DECIMAL(15,2)) AS `c_acctbal`, `c_mktsegment`, SHA2(`c_comment`, 256) AS `c_comment`
    FROM `lakehouse`.`tpch`.`customer`) AS `customer`, (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
    FROM `lakehouse`.`tpch`.`orders`
    WHERE `o_orderdate` >= DATE '1994-01-01'
      OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`, (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
    FROM `lakehouse`.`tpch`.`lineitem`
    WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`
WHERE `c_mktsegment` = 'BUILDING'
  AND `c_custkey` = `o_custkey`
  AND `l_orderkey` = `o_orderkey`
  AND `o_orderdate` < DATE '1995-03-15'
  AND `l_shipdate` > DATE '1995-03-15'
GROUP BY `l_orderkey`, `o_orderdate`, `o_shippriority`
ORDER BY `revenue` DESC, `o_orderdate`
LIMIT 10

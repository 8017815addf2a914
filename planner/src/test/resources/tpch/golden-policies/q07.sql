SELECT `supp_nation`, `cust_nation`, `l_year`, SUM(`volume`) AS `revenue`
FROM (SELECT `n1`.`n_name` AS `supp_nation`, `n2`.`n_name` AS `cust_nation`, EXTRACT(YEAR FROM `l_shipdate`) AS `l_year`, `l_extendedprice` * (1 - `l_discount`) AS `volume`
    FROM `lakehouse`.`tpch`.`supplier`, (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
        FROM `lakehouse`.`tpch`.`lineitem`
        WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`, (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
        FROM `lakehouse`.`tpch`.`orders`
        WHERE `o_orderdate` >= DATE '1994-01-01'
          OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`, (SELECT `c_custkey`, MASK(`c_name`) AS `c_name`, CONCAT(SUBSTR(`c_address`, 1, 3), '***') AS `c_address`, `c_nationkey`, CONCAT(MASK(SUBSTR(`c_phone`, 1, LENGTH(`c_phone`) - 4), 'x', 'x', 'x'), SUBSTR(`c_phone`, -4)) AS `c_phone`, CAST(REGEXP_REPLACE(CAST(`c_acctbal` AS STRING), '[0-9]', '1') AS DECIMAL(15,2)) AS `c_acctbal`, `c_mktsegment`, SHA2(`c_comment`, 256) AS `c_comment`
        FROM `lakehouse`.`tpch`.`customer`) AS `customer`, `lakehouse`.`tpch`.`nation` AS `n1`, `lakehouse`.`tpch`.`nation` AS `n2`
    WHERE `s_suppkey` = `l_suppkey`
      AND `o_orderkey` = `l_orderkey`
      AND `c_custkey` = `o_custkey`
      AND `s_nationkey` = `n1`.`n_nationkey`
      AND `c_nationkey` = `n2`.`n_nationkey`
      AND (`n1`.`n_name` = 'FRANCE' AND `n2`.`n_name` = 'GERMANY' OR `n1`.`n_name` = 'GERMANY' AND `n2`.`n_name` = 'FRANCE')
      AND `l_shipdate` BETWEEN DATE '1995-01-01' AND DATE '1996-12-31') AS `shipping`
GROUP BY `supp_nation`, `cust_nation`, `l_year`
ORDER BY `supp_nation`, `cust_nation`, `l_year`

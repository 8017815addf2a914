SELECT `o_year`, SUM(CASE WHEN `nation` = 'BRAZIL' THEN `volume` ELSE 0 END) / SUM(`volume`) AS `mkt_share`
FROM (SELECT EXTRACT(YEAR FROM `o_orderdate`) AS `o_year`, `l_extendedprice` * (1 - `l_discount`) AS `volume`, `n2`.`n_name` AS `nation`
    FROM `lakehouse`.`tpch`.`part`, `lakehouse`.`tpch`.`supplier`, (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
        FROM `lakehouse`.`tpch`.`lineitem`
        WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`, (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
        FROM `lakehouse`.`tpch`.`orders`
        WHERE `o_orderdate` >= DATE '1994-01-01'
          OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`, (SELECT `c_custkey`, MASK(`c_name`) AS `c_name`, CONCAT(SUBSTR(`c_address`, 1, 3), '***') AS `c_address`, `c_nationkey`, CONCAT(MASK(SUBSTR(`c_phone`, 1, LENGTH(`c_phone`) - 4), 'x', 'x', 'x'), SUBSTR(`c_phone`, -4)) AS `c_phone`, CAST(REGEXP_REPLACE(CAST(`c_acctbal` AS STRING), '[0-9]', '1') AS DECIMAL(15,2)) AS `c_acctbal`, `c_mktsegment`, SHA2(`c_comment`, 256) AS `c_comment`
        FROM `lakehouse`.`tpch`.`customer`) AS `customer`, `lakehouse`.`tpch`.`nation` AS `n1`, `lakehouse`.`tpch`.`nation` AS `n2`, `lakehouse`.`tpch`.`region`
    WHERE `p_partkey` = `l_partkey`
      AND `s_suppkey` = `l_suppkey`
      AND `l_orderkey` = `o_orderkey`
      AND `o_custkey` = `c_custkey`
      AND `c_nationkey` = `n1`.`n_nationkey`
      AND `n1`.`n_regionkey` = `r_regionkey`
      AND `r_name` = 'AMERICA'
      AND `s_nationkey` = `n2`.`n_nationkey`
      AND `o_orderdate` BETWEEN DATE '1995-01-01' AND DATE '1996-12-31'
      AND `p_type` = 'ECONOMY ANODIZED STEEL') AS `all_nations`
GROUP BY `o_year`
ORDER BY `o_year`

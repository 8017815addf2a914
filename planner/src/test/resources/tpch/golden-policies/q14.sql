SELECT 100.00 * SUM(CASE WHEN `p_type` LIKE 'PROMO%' THEN `l_extendedprice` * (1 - `l_discount`) ELSE 0 END) / SUM(`l_extendedprice` * (1 - `l_discount`)) AS `promo_revenue`
FROM (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
    FROM `lakehouse`.`tpch`.`lineitem`
    WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`, `lakehouse`.`tpch`.`part`
WHERE `l_partkey` = `p_partkey`
  AND `l_shipdate` >= DATE '1995-09-01'
  AND `l_shipdate` < DATE '1995-09-01' + INTERVAL '1' MONTH

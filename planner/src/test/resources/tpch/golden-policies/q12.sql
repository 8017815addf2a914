SELECT `l_shipmode`, SUM(CASE WHEN `o_orderpriority` = '1-URGENT' OR `o_orderpriority` = '2-HIGH' THEN 1 ELSE 0 END) AS `high_line_count`, SUM(CASE WHEN `o_orderpriority` <> '1-URGENT' AND `o_orderpriority` <> '2-HIGH' THEN 1 ELSE 0 END) AS `low_line_count`
FROM (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
    FROM `lakehouse`.`tpch`.`orders`
    WHERE `o_orderdate` >= DATE '1994-01-01'
      OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`, (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
    FROM `lakehouse`.`tpch`.`lineitem`
    WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`
WHERE `o_orderkey` = `l_orderkey`
  AND `l_shipmode` IN ('MAIL', 'SHIP')
  AND `l_commitdate` < `l_receiptdate`
  AND `l_shipdate` < `l_commitdate`
  AND `l_receiptdate` >= DATE '1994-01-01'
  AND `l_receiptdate` < DATE '1994-01-01' + INTERVAL '1' YEAR
GROUP BY `l_shipmode`
ORDER BY `l_shipmode`

SELECT `o_orderpriority`, COUNT(*) AS `order_count`
FROM (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
    FROM `lakehouse`.`tpch`.`orders`
    WHERE `o_orderdate` >= DATE '1994-01-01'
      OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`
WHERE `o_orderdate` >= DATE '1993-07-01'
  AND `o_orderdate` < DATE '1993-07-01' + INTERVAL '3' MONTH
  AND EXISTS (SELECT *
    FROM (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
        FROM `lakehouse`.`tpch`.`lineitem`
        WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`
    WHERE `l_orderkey` = `o_orderkey`
      AND `l_commitdate` < `l_receiptdate`)
GROUP BY `o_orderpriority`
ORDER BY `o_orderpriority`

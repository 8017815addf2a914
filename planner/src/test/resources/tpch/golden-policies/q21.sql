SELECT `s_name`, COUNT(*) AS `numwait`
FROM `lakehouse`.`tpch`.`supplier`, (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
    FROM `lakehouse`.`tpch`.`lineitem`
    WHERE `l_shipdate` >= DATE '1993-01-01') AS `l1`, (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
    FROM `lakehouse`.`tpch`.`orders`
    WHERE `o_orderdate` >= DATE '1994-01-01'
      OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`, `lakehouse`.`tpch`.`nation`
WHERE `s_suppkey` = `l1`.`l_suppkey`
  AND `o_orderkey` = `l1`.`l_orderkey`
  AND `o_orderstatus` = 'F'
  AND `l1`.`l_receiptdate` > `l1`.`l_commitdate`
  AND EXISTS (SELECT *
    FROM (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
        FROM `lakehouse`.`tpch`.`lineitem`
        WHERE `l_shipdate` >= DATE '1993-01-01') AS `l2`
    WHERE `l2`.`l_orderkey` = `l1`.`l_orderkey`
      AND `l2`.`l_suppkey` <> `l1`.`l_suppkey`)
  AND NOT EXISTS (SELECT *
    FROM (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
        FROM `lakehouse`.`tpch`.`lineitem`
        WHERE `l_shipdate` >= DATE '1993-01-01') AS `l3`
    WHERE `l3`.`l_orderkey` = `l1`.`l_orderkey`
      AND `l3`.`l_suppkey` <> `l1`.`l_suppkey`
      AND `l3`.`l_receiptdate` > `l3`.`l_commitdate`)
  AND `s_nationkey` = `n_nationkey`
  AND `n_name` = 'SAUDI ARABIA'
GROUP BY `s_name`
ORDER BY `numwait` DESC, `s_name`
LIMIT 100

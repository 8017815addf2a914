SELECT `nation`, `o_year`, SUM(`amount`) AS `sum_profit`
FROM (SELECT `n_name` AS `nation`, EXTRACT(YEAR FROM `o_orderdate`) AS `o_year`, `l_extendedprice` * (1 - `l_discount`) - `ps_supplycost` * `l_quantity` AS `amount`
    FROM `lakehouse`.`tpch`.`part`, `lakehouse`.`tpch`.`supplier`, (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
        FROM `lakehouse`.`tpch`.`lineitem`
        WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`, `lakehouse`.`tpch`.`partsupp`, (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
        FROM `lakehouse`.`tpch`.`orders`
        WHERE `o_orderdate` >= DATE '1994-01-01'
          OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`, `lakehouse`.`tpch`.`nation`
    WHERE `s_suppkey` = `l_suppkey`
      AND `ps_suppkey` = `l_suppkey`
      AND `ps_partkey` = `l_partkey`
      AND `p_partkey` = `l_partkey`
      AND `o_orderkey` = `l_orderkey`
      AND `s_nationkey` = `n_nationkey`
      AND `p_name` LIKE '%green%') AS `profit`
GROUP BY `nation`, `o_year`
ORDER BY `nation`, `o_year` DESC

SELECT `s_name`, `s_address`
FROM `lakehouse`.`tpch`.`supplier`, `lakehouse`.`tpch`.`nation`
WHERE `s_suppkey` IN (SELECT `ps_suppkey`
      FROM `lakehouse`.`tpch`.`partsupp`
      WHERE `ps_partkey` IN (SELECT `p_partkey`
            FROM `lakehouse`.`tpch`.`part`
            WHERE `p_name` LIKE 'forest%')
        AND `ps_availqty` > (SELECT 0.5 * SUM(`l_quantity`)
            FROM (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
                FROM `lakehouse`.`tpch`.`lineitem`
                WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`
            WHERE `l_partkey` = `ps_partkey`
              AND `l_suppkey` = `ps_suppkey`
              AND `l_shipdate` >= DATE('1994-01-01')
              AND `l_shipdate` < DATE('1994-01-01') + INTERVAL '1' YEAR))
  AND `s_nationkey` = `n_nationkey`
  AND `n_name` = 'CANADA'
ORDER BY `s_name`

WITH `revenue` AS (SELECT `l_suppkey` AS `supplier_no`, SUM(`l_extendedprice` * (1 - `l_discount`)) AS `total_revenue`
    FROM (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
        FROM `lakehouse`.`tpch`.`lineitem`
        WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`
    WHERE `l_shipdate` >= DATE '1996-01-01'
      AND `l_shipdate` < DATE '1996-01-01' + INTERVAL '3' MONTH
    GROUP BY `l_suppkey`) SELECT `s_suppkey`, `s_name`, `s_address`, `s_phone`, `total_revenue`
    FROM `lakehouse`.`tpch`.`supplier`, `revenue`
    WHERE `s_suppkey` = `supplier_no`
      AND `total_revenue` = (SELECT MAX(`total_revenue`)
          FROM `revenue`)
ORDER BY `s_suppkey`

SELECT SUM(`l_extendedprice`) / 7.0 AS `avg_yearly`
FROM (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
    FROM `lakehouse`.`tpch`.`lineitem`
    WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`, `lakehouse`.`tpch`.`part`
WHERE `p_partkey` = `l_partkey`
  AND `p_brand` = 'Brand#23'
  AND `p_container` = 'MED BOX'
  AND `l_quantity` < (SELECT 0.2 * AVG(`l_quantity`)
      FROM (SELECT `l_orderkey`, `l_partkey`, `l_suppkey`, `l_linenumber`, `l_quantity`, `l_extendedprice`, `l_discount`, `l_tax`, `l_returnflag`, `l_linestatus`, `l_shipdate`, `l_commitdate`, `l_receiptdate`, `l_shipinstruct`, `l_shipmode`, `l_comment`
          FROM `lakehouse`.`tpch`.`lineitem`
          WHERE `l_shipdate` >= DATE '1993-01-01') AS `lineitem`
      WHERE `l_partkey` = `p_partkey`)

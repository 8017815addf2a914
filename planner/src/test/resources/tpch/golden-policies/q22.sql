SELECT `cntrycode`, COUNT(*) AS `numcust`, SUM(`c_acctbal`) AS `totacctbal`
FROM (SELECT SUBSTR(`c_phone`, 1, 2) AS `cntrycode`, `c_acctbal`
    FROM (SELECT `c_custkey`, MASK(`c_name`) AS `c_name`, CONCAT(SUBSTR(`c_address`, 1, 3), '***') AS `c_address`, `c_nationkey`, CONCAT(MASK(SUBSTR(`c_phone`, 1, LENGTH(`c_phone`) - 4), 'x', 'x', 'x'), SUBSTR(`c_phone`, -4)) AS `c_phone`, CAST(REGEXP_REPLACE(CAST(`c_acctbal` AS STRING), '[0-9]', '1') AS DECIMAL(15,2)) AS `c_acctbal`, `c_mktsegment`, SHA2(`c_comment`, 256) AS `c_comment`
        FROM `lakehouse`.`tpch`.`customer`) AS `customer`
    WHERE SUBSTR(`c_phone`, 1, 2) IN ('13', '31', '23', '29', '30', '18', '17')
      AND `c_acctbal` > (SELECT AVG(`c_acctbal`)
          FROM (SELECT `c_custkey`, MASK(`c_name`) AS `c_name`, CONCAT(SUBSTR(`c_address`, 1, 3), '***') AS `c_address`, `c_nationkey`, CONCAT(MASK(SUBSTR(`c_phone`, 1, LENGTH(`c_phone`) - 4), 'x', 'x', 'x'), SUBSTR(`c_phone`, -4)) AS `c_phone`, CAST(REGEXP_REPLACE(CAST(`c_acctbal` AS STRING), '[0-9]', '1') AS DECIMAL(15,2)) AS `c_acctbal`, `c_mktsegment`, SHA2(`c_comment`, 256) AS `c_comment`
              FROM `lakehouse`.`tpch`.`customer`) AS `customer`
          WHERE `c_acctbal` > 0.00
            AND SUBSTR(`c_phone`, 1, 2) IN ('13', '31', '23', '29', '30', '18', '17'))
      AND NOT EXISTS (SELECT *
        FROM (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
            FROM `lakehouse`.`tpch`.`orders`
            WHERE `o_orderdate` >= DATE '1994-01-01'
              OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders`
        WHERE `o_custkey` = `c_custkey`)) AS `custsale`
GROUP BY `cntrycode`
ORDER BY `cntrycode`

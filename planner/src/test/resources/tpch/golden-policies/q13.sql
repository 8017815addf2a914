SELECT `c_count`, COUNT(*) AS `custdist`
FROM (SELECT `c_custkey`, COUNT(`o_orderkey`)
    FROM (SELECT `c_custkey`, MASK(`c_name`) AS `c_name`, CONCAT(SUBSTR(`c_address`, 1, 3), '***') AS `c_address`, `c_nationkey`, CONCAT(MASK(SUBSTR(`c_phone`, 1, LENGTH(`c_phone`) - 4), 'x', 'x', 'x'), SUBSTR(`c_phone`, -4)) AS `c_phone`, CAST(REGEXP_REPLACE(CAST(`c_acctbal` AS STRING), '[0-9]', '1') AS DECIMAL(15,2)) AS `c_acctbal`, `c_mktsegment`, SHA2(`c_comment`, 256) AS `c_comment`
        FROM `lakehouse`.`tpch`.`customer`) AS `customer` LEFT JOIN (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`, `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`
        FROM `lakehouse`.`tpch`.`orders`
        WHERE `o_orderdate` >= DATE '1994-01-01'
          OR `o_orderpriority` IN ('1-URGENT', '2-HIGH')) AS `orders` ON `c_custkey` = `o_custkey` AND `o_comment` NOT LIKE '%special%requests%'
    GROUP BY `c_custkey`) AS `c_orders` (`c_custkey`, `c_count`)
GROUP BY `c_count`
ORDER BY `custdist` DESC, `c_count` DESC

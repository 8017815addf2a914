<#--
  Spark's query syntax beyond Calcite's: semi and anti joins, the null-safe equality operator, typed numbers.
-->

/** Spark's {@code [LEFT] SEMI JOIN}: rows of the left side that have a match on the right. */
JoinType LeftSemiJoin() :
{
}
{
    [ <LEFT> ] <SEMI> <JOIN> { return JoinType.LEFT_SEMI_JOIN; }
}

/** Spark's {@code [LEFT] ANTI JOIN}: rows of the left side without a match on the right. */
JoinType LeftAntiJoin() :
{
}
{
    [ <LEFT> ] <ANTI> <JOIN> { return JoinType.LEFT_ANTI_JOIN; }
}

/** {@code a <=> b}: equal, or both null. */
void NullSafeEqual(List<Object> list, ExprContext exprContext, Span s) :
{
}
{
    <NULL_SAFE_EQUAL> {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(SqlLibraryOperators.NULL_SAFE_EQUAL, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}

/** A Spark number with a type suffix: {@code 10L}, {@code 2S}, {@code 1Y}, {@code 3.14D}, ... */
SqlNode SparkTypedNumber() :
{
}
{
    <SPARK_TYPED_NUMBER> { return SqlSparkNumber.parse(token.image, getPos()); }
}

<#--
  Spark's query syntax that takes the place of Calcite's (the build renames Calcite's production
  and calls Sluice's in its place; see the antrun step in planner/pom.xml).
-->

/**
 * Spark's time travel after a table name: {@code VERSION AS OF 'tag'}, {@code VERSION AS OF
 * 123}, {@code TIMESTAMP AS OF expr}, each also after FOR and with SYSTEM_VERSION or SYSTEM_TIME.
 */
SqlNode SparkTimeTravel(SqlNode tableRef) :
{
    final Span s;
    final SqlNode point;
    final boolean version;
}
{
    { s = span(); }
    [ <FOR> ]
    (
        ( <VERSION> | <SYSTEM_VERSION> ) <AS> <OF>
        ( point = StringLiteral() | point = UnsignedNumericLiteral() ) { version = true; }
    |
        ( <TIMESTAMP> | <SYSTEM_TIME> ) <AS> <OF>
        point = Expression(ExprContext.ACCEPT_NON_QUERY) { version = false; }
    )
    { return new SqlSparkTimeTravel(s.end(this), tableRef, version, point); }
}

/**
 * Spark's sample of a table, before its alias: {@code TABLESAMPLE (10 PERCENT)}, {@code
 * TABLESAMPLE (50 ROWS)}, {@code TABLESAMPLE (BUCKET 3 OUT OF 32)}.
 */
SqlNode SparkTableSample(SqlNode tableRef) :
{
    final Span s;
    final SqlNode size;
    final SqlNode total;
}
{
    <TABLESAMPLE> { s = span(); } <LPAREN>
    (
        <BUCKET> size = UnsignedNumericLiteral() <OUT> <OF> total = UnsignedNumericLiteral()
        <RPAREN> {
            return new SqlSparkSample(s.end(this), tableRef, SqlSparkSample.Method.BUCKET,
                size, total);
        }
    |
        size = UnsignedNumericLiteral()
        (
            <PERCENT> <RPAREN> {
                return new SqlSparkSample(s.end(this), tableRef, SqlSparkSample.Method.PERCENT,
                    size, null);
            }
        |
            <ROWS> <RPAREN> {
                return new SqlSparkSample(s.end(this), tableRef, SqlSparkSample.Method.ROWS,
                    size, null);
            }
        )
    )
}

/** Spark's {@code range(...)} table function, whose name Calcite reserves. */
SqlNode SparkRangeCall() :
{
    final Span s;
    final List<SqlNode> args = new ArrayList<SqlNode>();
}
{
    <RANGE> { s = span(); } <LPAREN>
    AddExpression(args, ExprContext.ACCEPT_NON_QUERY)
    ( <COMMA> AddExpression(args, ExprContext.ACCEPT_NON_QUERY) )*
    <RPAREN> {
        final SqlNode call = createCall(new SqlIdentifier("range", s.pos()), s.end(this),
            SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION, null, args);
        return SqlStdOperatorTable.COLLECTION_TABLE.createCall(s.end(this), call);
    }
}

/**
 * {@code LATERAL VIEW [OUTER] generator(args) alias [[AS] column, ...]}, after the FROM clause's
 * relations.
 */
SqlNode SparkLateralView(SqlNode left) :
{
    final Span s;
    boolean outer = false;
    final SqlIdentifier function;
    final List<SqlNode> args = new ArrayList<SqlNode>();
    final SqlIdentifier alias;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    SqlIdentifier column;
}
{
    <LATERAL> { s = span(); } <VIEW>
    [ <OUTER> { outer = true; } ]
    function = CompoundIdentifier()
    <LPAREN>
    [
        AddExpression(args, ExprContext.ACCEPT_SUB_QUERY)
        ( <COMMA> AddExpression(args, ExprContext.ACCEPT_SUB_QUERY) )*
    ]
    <RPAREN>
    alias = SimpleIdentifier()
    [
        LOOKAHEAD(1, { !SparkLookahead.clauseFollows(getToken(1).kind, getToken(2).kind) })
        [ <AS> ]
        column = SimpleIdentifier() { columns.add(column); }
        ( <COMMA> column = SimpleIdentifier() { columns.add(column); } )*
    ]
    {
        final SqlParserPos pos = s.end(this);
        final SqlNode generator = createCall(function, function.getParserPosition(),
            SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION, null, args);
        return new SqlSparkLateralView(pos, left, outer, (SqlCall) generator, alias,
            new SqlNodeList(columns, pos));
    }
}

/**
 * ORDER BY, LIMIT and OFFSET after a query, or in their place Spark's CLUSTER BY, DISTRIBUTE BY
 * and SORT BY (each exclusive of ORDER BY, as in Spark).
 */
SqlNode OrderByLimitOpt(SqlNode e) :
{
    SqlNodeList clusterBy = null;
    SqlNodeList distributeBy = null;
    SqlNodeList sortBy = null;
    final Span s = Span.of();
    final SqlNode[] offsetFetch = {null, null};
    final SqlNode ordered;
}
{
    (
        <CLUSTER> { s.add(this); } <BY> clusterBy = SparkExpressionList()
    |
        <DISTRIBUTE> { s.add(this); } <BY> distributeBy = SparkExpressionList()
        [ <SORT> <BY> sortBy = SparkSortItems() ]
    |
        <SORT> { s.add(this); } <BY> sortBy = SparkSortItems()
    )
    [
        LimitClause(s, offsetFetch)
        [ OffsetClause(s, offsetFetch) ]
    |
        OffsetClause(s, offsetFetch)
    ]
    {
        return new SqlSparkOrderBy(s.end(this), e, clusterBy, distributeBy, sortBy,
            offsetFetch[0], offsetFetch[1]);
    }
|
    ordered = CalciteOrderByLimitOpt(e) { return ordered; }
}

SqlNodeList SparkExpressionList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    { s = span(); }
    AddExpression(list, ExprContext.ACCEPT_SUB_QUERY)
    ( LOOKAHEAD(2) <COMMA> AddExpression(list, ExprContext.ACCEPT_SUB_QUERY) )*
    { return new SqlNodeList(list, s.end(this)); }
}

SqlNodeList SparkSortItems() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    { s = span(); }
    AddOrderItem(list)
    ( LOOKAHEAD(2) <COMMA> AddOrderItem(list) )*
    { return new SqlNodeList(list, s.end(this)); }
}

/** GROUP BY, and Spark's {@code GROUP BY a, b WITH ROLLUP} and {@code WITH CUBE}. */
SqlNodeList GroupBy() :
{
    final SqlNodeList list;
}
{
    list = CalciteGroupBy()
    [
        LOOKAHEAD(2)
        <WITH>
        (
            <ROLLUP> {
                return new SqlNodeList(
                    List.of(SqlStdOperatorTable.ROLLUP.createCall(getPos(), list.getList())),
                    list.getParserPosition());
            }
        |
            <CUBE> {
                return new SqlNodeList(
                    List.of(SqlStdOperatorTable.CUBE.createCall(getPos(), list.getList())),
                    list.getParserPosition());
            }
        )
    ]
    { return list; }
}

/**
 * A Spark hint: a name (MERGE included) with optional arguments that are numbers,
 * strings or names, e.g. {@code REPARTITION(8, o_custkey)} or {@code BROADCAST(c)}.
 */
void AddHint(List<SqlNode> hints) :
{
    final Span s;
    final SqlIdentifier name;
    final List<SqlNode> args = new ArrayList<SqlNode>();
}
{
    { s = span(); }
    (
        name = SimpleIdentifier()
    |   <MERGE> { name = new SqlIdentifier("MERGE", getPos()); }
    )
    [
        <LPAREN>
        [ AddHintArgument(args) ( <COMMA> AddHintArgument(args) )* ]
        <RPAREN>
    ]
    { hints.add(new SqlSparkHint(s.end(this), name, new SqlNodeList(args, s.end(this)))); }
}

void AddHintArgument(List<SqlNode> args) :
{
    final SqlNode arg;
}
{
    (
        arg = NumericLiteral()
    |   arg = StringLiteral()
    |   arg = CompoundIdentifier()
    )
    { args.add(arg); }
}

/** Spark's inline table in FROM, {@code VALUES (...), (...) AS t (a, b)}, without parentheses. */
SqlNode SparkInlineTable() :
{
    final SqlNode values;
}
{
    values = TableConstructor() { return SqlSparkInlineTable.of((SqlCall) values); }
}

/** Spark's higher-order {@code exists(array, x -> condition)}. */
SqlNode SparkExistsFunctionCall() :
{
    final Span s;
    final List<SqlNode> args;
}
{
    LOOKAHEAD({ SparkLookahead.existsFunctionFollows(
        getToken(1).kind, getToken(2).kind, getToken(3).kind) })
    <EXISTS> { s = span(); }
    args = UnquantifiedFunctionParameterList(ExprContext.ACCEPT_SUB_QUERY) {
        return createCall(new SqlIdentifier("exists", s.pos()), s.end(this),
            SqlFunctionCategory.USER_DEFINED_FUNCTION, null, args);
    }
}

/** {@code a DIV b}: Spark's integral division. */
void SparkIntegralDivide(List<Object> list, ExprContext exprContext, Span s) :
{
}
{
    <DIV> {
        checkNonQueryExpression(exprContext);
        list.add(new SqlParserUtil.ToTreeListItem(SparkOperators.DIV, getPos()));
    }
    AddExpression2b(list, ExprContext.ACCEPT_SUB_QUERY)
}

/**
 * Spark's typed timestamp literals {@code TIMESTAMP_NTZ '2024-02-29 13:45:00'} (without time
 * zone) and {@code TIMESTAMP_LTZ '...'} (in the session's time zone, as {@code TIMESTAMP '...'}).
 */
SqlNode SparkTimestampLiteral() :
{
    final Span s;
    final boolean withoutZone;
    final String text;
}
{
    (
        <TIMESTAMP_NTZ> { withoutZone = true; }
    |   <TIMESTAMP_LTZ> { withoutZone = false; }
    )
    { s = span(); }
    text = SimpleStringLiteral() {
        // The text is Spark's to read: it checks the timestamp when it runs the statement.
        return SparkLiterals.timestamp(text, withoutZone, s.end(this));
    }
}

/**
 * The units after the first of Spark's multi-unit interval, {@code INTERVAL 2 HOURS 30 MINUTES}:
 * one interval literal of the kind Spark gives it (year-month, or day-time from the largest to
 * the smallest unit written).
 */
SqlNode SparkIntervalUnits(Span s, int sign, SqlNode first, SqlIntervalQualifier firstUnit) :
{
    final List<SqlNode> values = new ArrayList<SqlNode>();
    final List<SqlIntervalQualifier> units = new ArrayList<SqlIntervalQualifier>();
    SqlNode value;
    SqlIntervalQualifier unit;
    int partSign;
}
{
    { values.add(sign < 0 ? SqlStdOperatorTable.UNARY_MINUS.createCall(first.getParserPosition(), first) : first); units.add(firstUnit); }
    (
        LOOKAHEAD([ <PLUS> | <MINUS> ] UnsignedNumericLiteral() IntervalQualifierStart())
        { partSign = 1; }
        [ <PLUS> | <MINUS> { partSign = -1; } ]
        value = UnsignedNumericLiteral()
        unit = IntervalQualifierStart() {
            values.add(partSign < 0 ? SqlStdOperatorTable.UNARY_MINUS.createCall(value.getParserPosition(), value) : value);
            units.add(unit);
        }
    )+
    {
        try {
            return SparkLiterals.multiUnitInterval(values, units, s.end(this));
        } catch (IllegalArgumentException e) {
            throw GrammarErrors.at(s.end(this), e.getMessage());
        }
    }
}

/** A generator's aliases in a select list, {@code stack(2, 'a', 1, 'b', 2) AS (name, n)}. */
SqlNode SparkGeneratorAliases(SqlNode e) :
{
    final SqlNodeList aliases;
}
{
    <AS> aliases = ParenthesizedSimpleIdentifierList() {
        return new SqlSparkGeneratorAlias(Span.of(e).end(this), e, aliases);
    }
}

/**
 * The patterns of Spark's {@code x [NOT] LIKE|ILIKE ANY|SOME|ALL (p1, p2, ...)}, after the
 * operator.
 */
void SparkQuantifiedLike(List<Object> list, SqlOperator op, Span s) :
{
    // The operator, just read: where a refused quantifier is reported.
    final SqlParserPos operatorPos = getPos();
    final boolean all;
    final List<SqlNode> patterns = new ArrayList<SqlNode>();
}
{
    (
        <ANY> { all = false; }
    |   <SOME> { all = false; }
    |   <ALL> { all = true; }
    )
    <LPAREN>
    AddExpression(patterns, ExprContext.ACCEPT_NON_QUERY)
    ( <COMMA> AddExpression(patterns, ExprContext.ACCEPT_NON_QUERY) )*
    <RPAREN> {
        final SqlOperator quantified;
        try {
            quantified = SparkOperators.quantifiedLike(op, all);
        } catch (IllegalArgumentException e) {
            throw GrammarErrors.at(operatorPos, e.getMessage());
        }
        list.add(new SqlParserUtil.ToTreeListItem(quantified, s.pos()));
        list.add(new SqlNodeList(patterns, s.end(this)));
    }
}

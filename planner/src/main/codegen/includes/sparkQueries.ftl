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

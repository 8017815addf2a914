<#--
  Spark SQL's statements beyond Calcite's: catalog browsing (SHOW, DESCRIBE), USE, namespaces,
  tables and views with Spark's and Iceberg's clauses, Spark's INSERT and MERGE, the engine's cache,
  statistics and procedures, and EXPLAIN. Each production builds a node of io.sluice.planner.parse.ast
  that prints itself back as Spark SQL. The SET and RESET commands are recognized from the text, as
  Spark itself does, since their keys and values are not SQL tokens.
-->

/** {@code SHOW ...}: catalogs, namespaces, tables, views, functions, columns, table properties. */
SqlNode SparkShow() :
{
    final Span s;
    SqlIdentifier namespace = null;
    SqlIdentifier table = null;
    SqlNode pattern = null;
    SqlNode key = null;
    String word;
    String scope = null;
    boolean serde = false;
}
{
    <SHOW> { s = span(); }
    (
        <CATALOGS> [ pattern = ShowPattern() ] {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.CATALOGS, "CATALOGS",
                null, null, pattern, null, false, null);
        }
    |
        ( <DATABASES> { word = "DATABASES"; } | <SCHEMAS> { word = "SCHEMAS"; } | <NAMESPACES> { word = "NAMESPACES"; } )
        [ ( <FROM> | <IN> ) namespace = NamespaceIdentifier() ]
        [ pattern = ShowPattern() ] {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.NAMESPACES, word,
                namespace, null, pattern, null, false, null);
        }
    |
        <TABLES> [ ( <FROM> | <IN> ) namespace = NamespaceIdentifier() ]
        [ pattern = ShowPattern() ] {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.TABLES, "TABLES",
                namespace, null, pattern, null, false, null);
        }
    |
        LOOKAHEAD(2) <TABLE> <EXTENDED> [ ( <FROM> | <IN> ) namespace = NamespaceIdentifier() ]
        <LIKE> pattern = StringLiteral() {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.TABLE_EXTENDED,
                "TABLE EXTENDED", namespace, null, pattern, null, false, null);
        }
    |
        <VIEWS> [ ( <FROM> | <IN> ) namespace = NamespaceIdentifier() ]
        [ pattern = ShowPattern() ] {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.VIEWS, "VIEWS",
                namespace, null, pattern, null, false, null);
        }
    |
        [ <USER> { scope = "USER"; } | <SYSTEM> { scope = "SYSTEM"; } | <ALL> { scope = "ALL"; } ]
        <FUNCTIONS> [ LOOKAHEAD(2) ( <FROM> | <IN> ) namespace = NamespaceIdentifier() ]
        [ pattern = ShowPattern() ] {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.FUNCTIONS, "FUNCTIONS",
                namespace, null, pattern, null, false, scope);
        }
    |
        <COLUMNS> ( <FROM> | <IN> ) table = CompoundIdentifier()
        [ ( <FROM> | <IN> ) namespace = NamespaceIdentifier() ] {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.COLUMNS, "COLUMNS",
                namespace, table, null, null, false, null);
        }
    |
        <TBLPROPERTIES> table = CompoundIdentifier()
        [ <LPAREN> key = PropertyKey() <RPAREN> ] {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.TBLPROPERTIES,
                "TBLPROPERTIES", null, table, null, key, false, null);
        }
    |
        <CREATE> <TABLE> table = CompoundIdentifier() [ <AS> <SERDE> { serde = true; } ] {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.CREATE_TABLE,
                "CREATE TABLE", null, table, null, null, serde, null);
        }
    |
        <PARTITIONS> table = CompoundIdentifier() {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.PARTITIONS,
                "PARTITIONS", null, table, null, null, false, null);
        }
    |
        <CURRENT> <NAMESPACE> {
            return new SqlShowCommand(s.end(this), SqlShowCommand.Target.CURRENT_NAMESPACE,
                "CURRENT NAMESPACE", null, null, null, null, false, null);
        }
    )
}

/** The pattern of a SHOW: {@code [LIKE] 'pattern'}. */
SqlNode ShowPattern() :
{
    final SqlNode pattern;
}
{
    [ <LIKE> ] pattern = StringLiteral() { return pattern; }
}

/**
 * {@code DESCRIBE|DESC}: a table or one of its columns, a query's result, a namespace or a
 * function.
 */
SqlNode SparkDescribe() :
{
    final Span s;
    String option = null;
    String word;
    SqlIdentifier name;
    SqlIdentifier column = null;
    SqlNodeList partition = null;
    SqlNode query;
}
{
    ( <DESCRIBE> | <DESC> ) { s = span(); }
    (
        LOOKAHEAD(2)
        ( <DATABASE> { word = "DATABASE"; } | <SCHEMA> { word = "SCHEMA"; } | <NAMESPACE> { word = "NAMESPACE"; } )
        [ <EXTENDED> { option = "EXTENDED"; } ]
        name = NamespaceIdentifier() {
            return new SqlDescribeCommand(s.end(this), SqlDescribeCommand.Target.NAMESPACE, word,
                option, name, null, null, null);
        }
    |
        LOOKAHEAD(2)
        <FUNCTION> [ <EXTENDED> { option = "EXTENDED"; } ] name = CompoundIdentifier() {
            return new SqlDescribeCommand(s.end(this), SqlDescribeCommand.Target.FUNCTION,
                "FUNCTION", option, name, null, null, null);
        }
    |
        LOOKAHEAD( <QUERY> | <SELECT> | <WITH> | <VALUES> | <LPAREN> )
        [ <QUERY> ] query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
            return new SqlDescribeCommand(s.end(this), SqlDescribeCommand.Target.QUERY, "QUERY",
                null, null, null, null, query);
        }
    |
        [ <TABLE> ]
        [ LOOKAHEAD(2) ( <EXTENDED> { option = "EXTENDED"; } | <FORMATTED> { option = "FORMATTED"; } ) ]
        name = CompoundIdentifier()
        [ LOOKAHEAD(2) partition = PartitionSpec() ]
        [ column = CompoundIdentifier() ] {
            return new SqlDescribeCommand(s.end(this), SqlDescribeCommand.Target.TABLE, "TABLE",
                option, name, partition, column, null);
        }
    )
}

/**
 * A namespace's name, {@code db} or {@code catalog.db}; unlike other names it may be {@code
 * default}, Spark's first namespace, which SQL reserves.
 */
SqlIdentifier NamespaceIdentifier() :
{
    final List<String> names = new ArrayList<String>();
    final List<SqlParserPos> positions = new ArrayList<SqlParserPos>();
}
{
    NamespaceSegment(names, positions)
    ( <DOT> NamespaceSegment(names, positions) )*
    { return new SqlIdentifier(names, null, SqlParserPos.sum(positions), positions); }
}

void NamespaceSegment(List<String> names, List<SqlParserPos> positions) :
{
}
{
    <DEFAULT_> { names.add("default"); positions.add(getPos()); }
|
    AddIdentifierSegment(names, positions)
}

/** {@code USE [NAMESPACE|DATABASE|SCHEMA] name}. */
SqlNode SparkUse() :
{
    final Span s;
    String word = null;
    final SqlIdentifier name;
}
{
    <USE> { s = span(); }
    [
        LOOKAHEAD(2)
        ( <NAMESPACE> { word = "NAMESPACE"; } | <DATABASE> { word = "DATABASE"; } | <SCHEMA> { word = "SCHEMA"; } )
    ]
    name = NamespaceIdentifier() {
        return new SqlUseCommand(s.end(this), word, name);
    }
}

/** {@code CREATE ...}: a namespace, a table (also CREATE OR REPLACE) or a view. */
SqlNode SparkCreate() :
{
    final Span s;
    boolean orReplace = false;
    boolean external = false;
    String temporary = null;
    final SqlNode create;
}
{
    <CREATE> { s = span(); }
    [ <OR> <REPLACE> { orReplace = true; } ]
    (
        create = CreateNamespace(s)
    |
        [ <EXTERNAL> { external = true; } ]
        create = CreateOrReplaceTable(s, true, orReplace, external)
    |
        [ [ <GLOBAL> { temporary = "GLOBAL TEMPORARY"; } ] <TEMPORARY> { if (temporary == null) temporary = "TEMPORARY"; } ]
        create = CreateView(s, orReplace, temporary)
    )
    { return create; }
}

/** {@code REPLACE TABLE t ... [AS query]}. */
SqlNode SparkReplaceTable() :
{
    final Span s;
    final SqlNode create;
}
{
    <REPLACE> { s = span(); }
    create = CreateOrReplaceTable(s, false, true, false) { return create; }
}

SqlNode CreateNamespace(Span s) :
{
    final String word;
    boolean ifNotExists = false;
    final SqlIdentifier name;
    SqlNode comment = null;
    SqlNode location = null;
    SqlNodeList properties = null;
}
{
    ( <DATABASE> { word = "DATABASE"; } | <SCHEMA> { word = "SCHEMA"; } | <NAMESPACE> { word = "NAMESPACE"; } )
    [ <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    name = NamespaceIdentifier()
    (
        <COMMENT> comment = StringLiteral()
    |
        <LOCATION> location = StringLiteral()
    |
        <WITH> ( <DBPROPERTIES> | <PROPERTIES> ) properties = PropertyList()
    )*
    {
        return new SqlCreateNamespace(s.end(this), word, ifNotExists, name, comment, location,
            properties);
    }
}

SqlNode CreateOrReplaceTable(Span s, boolean create, boolean replace, boolean external) :
{
    boolean ifNotExists = false;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    SqlIdentifier provider = null;
    SqlNodeList partitionedBy = null;
    SqlNodeList clusteredBy = null;
    SqlNodeList sortedBy = null;
    SqlNode buckets = null;
    SqlNode location = null;
    SqlNodeList optionList = null;
    SqlNode comment = null;
    SqlNodeList properties = null;
    SqlNode query = null;
}
{
    <TABLE>
    [ <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    name = CompoundIdentifier()
    [
        <LIKE> {
            if (true) {
                throw GrammarErrors.at(getPos(),
                    "CREATE TABLE ... LIKE copies a table's definition in"
                    + " Spark's session catalog only, not in the Iceberg catalogs Sluice serves;"
                    + " write the columns, or use CREATE TABLE ... AS SELECT * FROM t LIMIT 0");
            }
        }
    ]
    [ LOOKAHEAD(3) columns = ColumnDeclarations() ]
    [ <USING> provider = SimpleIdentifier() ]
    (
        <PARTITIONED> <BY> partitionedBy = ParenthesizedExpressions()
    |
        <CLUSTERED> <BY> clusteredBy = ParenthesizedSimpleIdentifierList()
        [ <SORTED> <BY> sortedBy = ParenthesizedOrderItems() ]
        <INTO> buckets = UnsignedNumericLiteral() <BUCKETS>
    |
        <LOCATION> location = StringLiteral()
    |
        <OPTIONS> optionList = PropertyList()
    |
        <COMMENT> comment = StringLiteral()
    |
        <TBLPROPERTIES> properties = PropertyList()
    )*
    [ <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) ]
    {
        return new SqlCreateSparkTable(s.end(this), create, replace, external, ifNotExists, name,
            columns, provider, partitionedBy, clusteredBy, sortedBy, buckets, location, optionList,
            comment, properties, query);
    }
}

SqlNode CreateView(Span s, boolean orReplace, String temporary) :
{
    boolean ifNotExists = false;
    final SqlIdentifier name;
    SqlNodeList columns = null;
    SqlNode comment = null;
    SqlNodeList properties = null;
    final SqlNode query;
}
{
    <VIEW>
    [ <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    name = CompoundIdentifier()
    [ columns = ViewColumns() ]
    (
        <COMMENT> comment = StringLiteral()
    |
        <TBLPROPERTIES> properties = PropertyList()
    )*
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        return new SqlCreateSparkView(s.end(this), orReplace, temporary, ifNotExists, name,
            columns, comment, properties, query);
    }
}

SqlNodeList ViewColumns() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlIdentifier name;
    SqlNode comment;
}
{
    <LPAREN> { s = span(); }
    name = SimpleIdentifier() { comment = null; }
    [ <COMMENT> comment = StringLiteral() ]
    { list.add(new SqlColumnDeclaration(name.getParserPosition(), name, null, false, comment)); }
    (
        <COMMA> name = SimpleIdentifier() { comment = null; }
        [ <COMMENT> comment = StringLiteral() ]
        { list.add(new SqlColumnDeclaration(name.getParserPosition(), name, null, false, comment)); }
    )*
    <RPAREN> { return new SqlNodeList(list, s.end(this)); }
}

/** {@code (name type [NOT NULL] [COMMENT 'text'], ...)}. */
SqlNodeList ColumnDeclarations() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode column;
}
{
    <LPAREN> { s = span(); }
    column = ColumnDeclaration() { list.add(column); }
    ( <COMMA> column = ColumnDeclaration() { list.add(column); } )*
    <RPAREN> { return new SqlNodeList(list, s.end(this)); }
}

SqlNode ColumnDeclaration() :
{
    final SqlIdentifier name;
    final String type;
    boolean notNull = false;
    SqlNode comment = null;
}
{
    name = SimpleIdentifier()
    type = SparkDataType()
    [ <NOT> <NULL> { notNull = true; } ]
    [ <COMMENT> comment = StringLiteral() ]
    {
        return new SqlColumnDeclaration(name.getParserPosition(), name,
            SparkTypeSpecs.named(type), notNull, comment);
    }
}

/**
 * A column ALTER TABLE ADD COLUMNS adds: {@code name type [NOT NULL] [COMMENT 'text'] [FIRST |
 * AFTER column]}, where the name may be a nested field's ({@code device.locale}).
 */
SqlNode AddedColumn() :
{
    final SqlIdentifier name;
    final String type;
    boolean notNull = false;
    SqlNode comment = null;
    boolean first = false;
    SqlIdentifier after = null;
}
{
    name = CompoundIdentifier()
    type = SparkDataType()
    [ <NOT> <NULL> { notNull = true; } ]
    [ <COMMENT> comment = StringLiteral() ]
    [ <FIRST> { first = true; } | <AFTER> after = CompoundIdentifier() ]
    {
        return new SqlColumnDeclaration(name.getParserPosition(), name,
            SparkTypeSpecs.named(type), notNull, comment, first, after);
    }
}

/**
 * A Spark data type, returned as Spark spells it: {@code bigint}, {@code decimal(15,2)},
 * {@code array<string>}, {@code map<string,int>}, {@code struct<`a`:int,`b`:string>}.
 */
String SparkDataType() :
{
    final StringBuilder type = new StringBuilder();
    String element;
    String name;
    Token n;
}
{
    (
        <ARRAY> <LT> element = SparkDataType() <GT> {
            return "array<" + element + ">";
        }
    |
        <MAP> <LT> element = SparkDataType() { type.append("map<").append(element).append(','); }
        <COMMA> element = SparkDataType() <GT> {
            return type.append(element).append('>').toString();
        }
    |
        LOOKAHEAD({ getToken(1).image.equalsIgnoreCase("STRUCT") })
        Identifier() { type.append("struct<"); }
        (
            <NE>
        |
            <LT>
            [ StructField(type) ( <COMMA> { type.append(','); } StructField(type) )* ]
            <GT>
        )
        { return type.append('>').toString(); }
    |
        (
            <DATE> { name = "date"; }
        |
            <TIMESTAMP> { name = "timestamp"; }
        |
            <INTERVAL> { name = "interval"; }
        |
            name = Identifier() { name = name.toLowerCase(java.util.Locale.ROOT); }
        )
        { type.append(name); }
        [
            <LPAREN> n = <UNSIGNED_INTEGER_LITERAL> { type.append('(').append(n.image); }
            ( <COMMA> n = <UNSIGNED_INTEGER_LITERAL> { type.append(',').append(n.image); } )*
            <RPAREN> { type.append(')'); }
        ]
        { return type.toString(); }
    )
}

void StructField(StringBuilder type) :
{
    final String name;
    final String fieldType;
    SqlNode comment = null;
}
{
    name = Identifier() [ <COLON> ] fieldType = SparkDataType()
    {
        type.append('`').append(name.replace("`", "``")).append("`:").append(fieldType);
    }
    [ <NOT> <NULL> { type.append(" NOT NULL"); } ]
    [ <COMMENT> comment = StringLiteral() ]
    {
        if (comment != null) {
            type.append(" COMMENT ").append(comment.toString());
        }
    }
}

/** {@code (key = value, ...)}: OPTIONS, TBLPROPERTIES, DBPROPERTIES. */
SqlNodeList PropertyList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode property;
}
{
    <LPAREN> { s = span(); }
    property = Property() { list.add(property); }
    ( <COMMA> property = Property() { list.add(property); } )*
    <RPAREN> { return new SqlNodeList(list, s.end(this)); }
}

SqlNode Property() :
{
    final SqlNode key;
    SqlNode value = null;
}
{
    key = PropertyKey()
    [
        [ <EQ> ]
        (
            value = StringLiteral()
        |
            value = NumericLiteral()
        |
            <TRUE> { value = SqlLiteral.createBoolean(true, getPos()); }
        |
            <FALSE> { value = SqlLiteral.createBoolean(false, getPos()); }
        )
    ]
    { return new SqlProperty(key.getParserPosition(), key, value); }
}

/** A property's key: a string, or a dotted name. */
SqlNode PropertyKey() :
{
    final SqlNode key;
}
{
    (
        key = StringLiteral()
    |
        key = NamespaceIdentifier()
    )
    { return key; }
}

/** {@code PARTITION (column [= value], ...)}. */
SqlNodeList PartitionSpec() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode item;
}
{
    <PARTITION> { s = span(); } <LPAREN>
    item = PartitionValue() { list.add(item); }
    ( <COMMA> item = PartitionValue() { list.add(item); } )*
    <RPAREN> { return new SqlNodeList(list, s.end(this)); }
}

SqlNode PartitionValue() :
{
    final SqlIdentifier column;
    final SqlNode value;
}
{
    column = SimpleIdentifier()
    (
        <EQ> value = Literal() {
            return SqlStdOperatorTable.EQUALS.createCall(column.getParserPosition(), column, value);
        }
    |
        { return column; }
    )
}

SqlNodeList ParenthesizedExpressions() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode e;
}
{
    <LPAREN> { s = span(); }
    e = Expression(ExprContext.ACCEPT_NON_QUERY) { list.add(e); }
    ( <COMMA> e = Expression(ExprContext.ACCEPT_NON_QUERY) { list.add(e); } )*
    <RPAREN> { return new SqlNodeList(list, s.end(this)); }
}

SqlNodeList ParenthesizedOrderItems() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    OrderItemList(list)
    <RPAREN> { return new SqlNodeList(list, s.end(this)); }
}

/** {@code DROP ...}: a namespace, a table or a view. */
SqlNode SparkDrop() :
{
    final Span s;
    String word;
    boolean ifExists = false;
    final SqlIdentifier name;
    boolean cascade = false;
    boolean purge = false;
    boolean view = false;
}
{
    <DROP> { s = span(); }
    (
        ( <DATABASE> { word = "DATABASE"; } | <SCHEMA> { word = "SCHEMA"; } | <NAMESPACE> { word = "NAMESPACE"; } )
        [ <IF> <EXISTS> { ifExists = true; } ]
        name = NamespaceIdentifier()
        [ <CASCADE> { cascade = true; } | <RESTRICT> ] {
            return new SqlDropNamespace(s.end(this), word, ifExists, name, cascade);
        }
    |
        ( <TABLE> | <VIEW> { view = true; } )
        [ <IF> <EXISTS> { ifExists = true; } ]
        name = CompoundIdentifier()
        [ <PURGE> { purge = true; } ] {
            return new SqlDropSparkTable(s.end(this), view, ifExists, name, purge);
        }
    )
}

/** {@code TRUNCATE TABLE t [PARTITION (...)]}. */
SqlNode SparkTruncate() :
{
    final Span s;
    final SqlIdentifier name;
    SqlNodeList partition = null;
}
{
    <TRUNCATE> { s = span(); } <TABLE> name = CompoundIdentifier()
    [ partition = PartitionSpec() ] {
        return new SqlTruncateSparkTable(s.end(this), name, partition);
    }
}

/** {@code ALTER TABLE|VIEW ...}: Spark's alterations and Iceberg's. */
SqlNode SparkAlter() :
{
    final Span s;
    boolean view = false;
    final SqlIdentifier name;
    final SqlNode alter;
}
{
    <ALTER> { s = span(); }
    (
        ( <TABLE> | <VIEW> { view = true; } )
        name = CompoundIdentifier()
        alter = Alteration(s, view, name) { return alter; }
    |
        alter = AlterNamespace(s) { return alter; }
    )
}

/** {@code ALTER DATABASE|SCHEMA|NAMESPACE n SET [DB]PROPERTIES (...) | SET LOCATION 'path'}. */
SqlNode AlterNamespace(Span s) :
{
    final String word;
    final SqlIdentifier name;
    String propertiesWord = null;
    SqlNodeList properties = null;
    SqlNode location = null;
}
{
    ( <DATABASE> { word = "DATABASE"; } | <SCHEMA> { word = "SCHEMA"; } | <NAMESPACE> { word = "NAMESPACE"; } )
    name = NamespaceIdentifier()
    <SET>
    (
        ( <DBPROPERTIES> { propertiesWord = "DBPROPERTIES"; } | <PROPERTIES> { propertiesWord = "PROPERTIES"; } )
        properties = PropertyList()
    |
        <LOCATION> location = StringLiteral()
    )
    {
        return new SqlAlterNamespace(s.end(this), word, name, propertiesWord, properties, location);
    }
}

SqlNode Alteration(Span s, boolean view, SqlIdentifier name) :
{
    SqlNodeList items = null;
    SqlIdentifier column = null;
    SqlNode operand = null;
    SqlNode operand2 = null;
    SqlIdentifier alias = null;
    String detail = null;
    boolean ifExists = false;
    SqlNode e = null;
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlAlterSparkTable.Action action;
}
{
    (
        LOOKAHEAD(2) <ADD> ( <COLUMNS> { detail = "COLUMNS"; } | <COLUMN> { detail = "COLUMN"; } )
        (
            <LPAREN>
            e = AddedColumn() { list.add(e); }
            ( <COMMA> e = AddedColumn() { list.add(e); } )*
            <RPAREN>
        |
            e = AddedColumn() { list.add(e); }
            ( <COMMA> e = AddedColumn() { list.add(e); } )*
        )
        { items = new SqlNodeList(list, s.end(this)); }
        { action = SqlAlterSparkTable.Action.ADD_COLUMNS; }
    |
        LOOKAHEAD(3) detail = IcebergReference() { action = SqlAlterSparkTable.Action.REFERENCE; }    |
        LOOKAHEAD(<ADD> [ <IF> <NOT> <EXISTS> ] <PARTITION> <LPAREN>) <ADD> {
            if (true) {
                throw GrammarErrors.at(getPos(),
                    "ALTER TABLE ... ADD PARTITION manages a Hive table's"
                    + " partition directories; an Iceberg table partitions its rows by its"
                    + " partition spec: change that with ALTER TABLE ... ADD PARTITION FIELD");
            }
        }
    |
        LOOKAHEAD(<DROP> [ <IF> <EXISTS> ] <PARTITION> <LPAREN>) <DROP> {
            if (true) {
                throw GrammarErrors.at(getPos(),
                    "ALTER TABLE ... DROP PARTITION manages a Hive table's"
                    + " partition directories; delete an Iceberg table's rows with DELETE FROM"
                    + " ... WHERE, or change its partition spec with DROP PARTITION FIELD");
            }
        }
    |
        LOOKAHEAD(2) <ADD> <PARTITION> <FIELD> operand = Expression(ExprContext.ACCEPT_NON_QUERY)
        [ <AS> alias = SimpleIdentifier() ]
        { action = SqlAlterSparkTable.Action.ADD_PARTITION_FIELD; }
    |
        LOOKAHEAD(2) <DROP> <PARTITION> <FIELD> operand = Expression(ExprContext.ACCEPT_NON_QUERY)
        { action = SqlAlterSparkTable.Action.DROP_PARTITION_FIELD; }
    |
        <REPLACE> <PARTITION> <FIELD> operand = Expression(ExprContext.ACCEPT_NON_QUERY)
        <WITH> operand2 = Expression(ExprContext.ACCEPT_NON_QUERY)
        [ <AS> alias = SimpleIdentifier() ]
        { action = SqlAlterSparkTable.Action.REPLACE_PARTITION_FIELD; }
    |
        LOOKAHEAD(2) <DROP> ( <COLUMNS> { detail = "COLUMNS"; } | <COLUMN> { detail = "COLUMN"; } )
        [ LOOKAHEAD(2) <IF> <EXISTS> { ifExists = true; } ]
        (
            <LPAREN> e = CompoundIdentifier() { list.add(e); }
            ( <COMMA> e = CompoundIdentifier() { list.add(e); } )* <RPAREN>
        |
            e = CompoundIdentifier() { list.add(e); }
            ( <COMMA> e = CompoundIdentifier() { list.add(e); } )*
        )
        {
            items = new SqlNodeList(list, s.end(this));
            action = SqlAlterSparkTable.Action.DROP_COLUMNS;
        }
    |
        LOOKAHEAD({ getToken(1).kind == DROP && getToken(2).image.equalsIgnoreCase("IDENTIFIER") })
        <DROP> Identifier() <FIELDS> items = IdentifierList()
        { action = SqlAlterSparkTable.Action.DROP_IDENTIFIER_FIELDS; }
    |
        LOOKAHEAD(2) <RENAME> <TO> operand = CompoundIdentifier()
        { action = SqlAlterSparkTable.Action.RENAME_TO; }
    |
        <RENAME> <COLUMN> column = CompoundIdentifier() <TO> operand = SimpleIdentifier()
        { action = SqlAlterSparkTable.Action.RENAME_COLUMN; }
    |
        ( <ALTER> { alias = new SqlIdentifier("ALTER", getPos()); } | <CHANGE> { alias = new SqlIdentifier("CHANGE", getPos()); } )
        [ <COLUMN> ] column = CompoundIdentifier()
        (
            <TYPE> operand = SparkTypeSpec() { detail = "TYPE"; }
        |
            <COMMENT> operand = StringLiteral() { detail = "COMMENT"; }
        |
            <FIRST> { detail = "FIRST"; }
        |
            <AFTER> operand = SimpleIdentifier() { detail = "AFTER"; }
        |
            LOOKAHEAD(2) <SET> <NOT> <NULL> { detail = "SET NOT NULL"; }
        |
            <DROP> <NOT> <NULL> { detail = "DROP NOT NULL"; }
        |
            // Hive's form: CHANGE COLUMN old new type [COMMENT] [FIRST | AFTER c]
            operand = ColumnDeclaration() { detail = "CHANGE"; }
            [ <FIRST> { detail = "CHANGE FIRST"; } | <AFTER> operand2 = SimpleIdentifier() ]
        )
        { action = SqlAlterSparkTable.Action.ALTER_COLUMN; }
    |
        LOOKAHEAD(2) <SET> <TBLPROPERTIES> items = PropertyList()
        { action = SqlAlterSparkTable.Action.SET_PROPERTIES; }
    |
        LOOKAHEAD(2) <SET> <LOCATION> operand = StringLiteral()
        { action = SqlAlterSparkTable.Action.SET_LOCATION; }
    |
        LOOKAHEAD({ getToken(1).kind == SET && getToken(2).image.equalsIgnoreCase("IDENTIFIER") })
        <SET> Identifier() <FIELDS> items = IdentifierList()
        { action = SqlAlterSparkTable.Action.SET_IDENTIFIER_FIELDS; }
    |
        <UNSET> <TBLPROPERTIES> [ <IF> <EXISTS> { ifExists = true; } ] items = PropertyList()
        { action = SqlAlterSparkTable.Action.UNSET_PROPERTIES; }
    |
        <WRITE>
        (
            <ORDERED> <BY> items = OrderItems() { detail = "ORDERED BY"; }
        |
            <LOCALLY> <ORDERED> <BY> items = OrderItems() { detail = "LOCALLY ORDERED BY"; }
        |
            <DISTRIBUTED> <BY> <PARTITION> { detail = "DISTRIBUTED BY PARTITION"; }
            [ <LOCALLY> <ORDERED> <BY> items = OrderItems() { detail = "DISTRIBUTED BY PARTITION LOCALLY ORDERED BY"; } ]
        |
            <UNORDERED> { detail = "UNORDERED"; }
        )
        { action = SqlAlterSparkTable.Action.WRITE_ORDER; }
    |
        <AS> operand = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
        { action = SqlAlterSparkTable.Action.VIEW_QUERY; }
    )
    {
        return new SqlAlterSparkTable(s.end(this), view, name, action, items, column, operand,
            operand2, alias, detail, ifExists);
    }
}

SqlNode SparkTypeSpec() :
{
    final String type;
}
{
    type = SparkDataType() { return SparkTypeSpecs.named(type); }
}

SqlNodeList OrderItems() :
{
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    OrderItemList(list) { return new SqlNodeList(list, list.get(0).getParserPosition()); }
}

SqlNodeList IdentifierList() :
{
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode e;
}
{
    e = CompoundIdentifier() { list.add(e); }
    ( <COMMA> e = CompoundIdentifier() { list.add(e); } )*
    { return new SqlNodeList(list, e.getParserPosition()); }
}

/**
 * Spark's {@code INSERT INTO|OVERWRITE [TABLE] t [PARTITION (...)] [IF NOT EXISTS] [BY NAME |
 * (cols)] query} and {@code INSERT INTO [TABLE] t REPLACE WHERE condition query}.
 */
SqlNode SparkInsert() :
{
    final Span s;
    boolean overwrite = false;
    boolean tableKeyword = false;
    final SqlIdentifier table;
    SqlNodeList partition = null;
    boolean ifNotExists = false;
    SqlNodeList columns = null;
    boolean byName = false;
    SqlNode replaceWhere = null;
    final SqlNode source;
}
{
    <INSERT> { s = span(); }
    ( <INTO> | <OVERWRITE> { overwrite = true; } )
    [ <TABLE> { tableKeyword = true; } ]
    table = CompoundTableIdentifier()
    (
        LOOKAHEAD(2, { !overwrite }) <REPLACE> <WHERE>
        replaceWhere = Expression(ExprContext.ACCEPT_SUB_QUERY)
    |
        [ LOOKAHEAD(2) partition = PartitionSpec() ]
        [ <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
        [
            LOOKAHEAD(2) <BY> <NAME> { byName = true; }
        |
            LOOKAHEAD(3) columns = ParenthesizedSimpleIdentifierList()
        ]
    )
    source = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        return SqlSparkInsert.of(s.end(source), table, source, columns, overwrite, tableKeyword,
            partition, ifNotExists, byName, replaceWhere);
    }
}

/**
 * Spark's {@code MERGE INTO}: any number of WHEN clauses, each with an optional condition;
 * {@code UPDATE SET *}, {@code INSERT *}, {@code DELETE}; {@code NOT MATCHED BY SOURCE}.
 */
SqlNode SparkMerge() :
{
    final Span s;
    final SqlIdentifier target;
    SqlIdentifier alias = null;
    final SqlNode source;
    final SqlNode condition;
    final List<SqlNode> clauses = new ArrayList<SqlNode>();
    SqlNode clause;
}
{
    <MERGE> { s = span(); } <INTO> target = CompoundTableIdentifier()
    [ [ <AS> ] alias = SimpleIdentifier() ]
    <USING> source = TableRef()
    <ON> condition = Expression(ExprContext.ACCEPT_SUB_QUERY)
    ( clause = MergeClause() { clauses.add(clause); } )+
    {
        return SqlSparkMerge.of(s.end(this), target, alias, source, condition,
            new SqlNodeList(clauses, s.pos()));
    }
}

SqlNode MergeClause() :
{
    final Span s;
    SqlMergeClause.Match match;
    SqlNode condition = null;
    SqlMergeClause.Action action;
    SqlNodeList columns = null;
    SqlNodeList values = null;
    final List<SqlNode> targets = new ArrayList<SqlNode>();
    final List<SqlNode> sources = new ArrayList<SqlNode>();
    SqlNode e;
}
{
    <WHEN> { s = span(); }
    (
        <MATCHED> { match = SqlMergeClause.Match.MATCHED; }
    |
        <NOT> <MATCHED> { match = SqlMergeClause.Match.NOT_MATCHED; }
        [
            <BY>
            (
                <TARGET>
            |
                <SOURCE> { match = SqlMergeClause.Match.NOT_MATCHED_BY_SOURCE; }
            )
        ]
    )
    [ <AND> condition = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    <THEN>
    (
        <DELETE> { action = SqlMergeClause.Action.DELETE; }
    |
        <UPDATE> <SET>
        (
            <STAR> { action = SqlMergeClause.Action.UPDATE_ALL; }
        |
            e = CompoundIdentifier() { targets.add(e); }
            <EQ> e = Expression(ExprContext.ACCEPT_SUB_QUERY) { sources.add(e); }
            (
                <COMMA> e = CompoundIdentifier() { targets.add(e); }
                <EQ> e = Expression(ExprContext.ACCEPT_SUB_QUERY) { sources.add(e); }
            )*
            {
                action = SqlMergeClause.Action.UPDATE;
                columns = new SqlNodeList(targets, s.end(this));
                values = new SqlNodeList(sources, s.end(this));
            }
        )
    |
        <INSERT>
        (
            <STAR> { action = SqlMergeClause.Action.INSERT_ALL; }
        |
            [ columns = ParenthesizedSimpleIdentifierList() ]
            <VALUES> <LPAREN>
            e = Expression(ExprContext.ACCEPT_SUB_QUERY) { sources.add(e); }
            ( <COMMA> e = Expression(ExprContext.ACCEPT_SUB_QUERY) { sources.add(e); } )*
            <RPAREN>
            {
                action = SqlMergeClause.Action.INSERT;
                values = new SqlNodeList(sources, s.end(this));
            }
        )
    )
    {
        return new SqlMergeClause(s.end(this), match, condition, action, columns, values);
    }
}

/** {@code CACHE [LAZY] TABLE t [OPTIONS (...)] [[AS] query]}. */
SqlNode SparkCache() :
{
    final Span s;
    boolean lazy = false;
    final SqlIdentifier name;
    SqlNodeList optionList = null;
    SqlNode query = null;
}
{
    <CACHE> { s = span(); } [ <LAZY> { lazy = true; } ] <TABLE> name = CompoundIdentifier()
    [ <OPTIONS> optionList = PropertyList() ]
    [ [ <AS> ] query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) ]
    { return new SqlCacheTable(s.end(this), lazy, name, optionList, query); }
}

/** {@code UNCACHE TABLE [IF EXISTS] t}. */
SqlNode SparkUncache() :
{
    final Span s;
    boolean ifExists = false;
    final SqlIdentifier name;
}
{
    <UNCACHE> { s = span(); } <TABLE> [ <IF> <EXISTS> { ifExists = true; } ]
    name = CompoundIdentifier()
    { return new SqlUncacheTable(s.end(this), ifExists, name); }
}

/** {@code CLEAR CACHE}. */
SqlNode SparkClearCache() :
{
    final Span s;
}
{
    <CLEAR> { s = span(); } <CACHE> { return new SqlClearCache(s.end(this)); }
}

/** {@code REFRESH TABLE t}, {@code REFRESH FUNCTION f}, {@code REFRESH 'path'}. */
SqlNode SparkRefresh() :
{
    final Span s;
    SqlIdentifier name = null;
    SqlNode path = null;
    String what = null;
}
{
    <REFRESH> { s = span(); }
    (
        <TABLE> { what = "TABLE"; } name = CompoundIdentifier()
    |
        <FUNCTION> { what = "FUNCTION"; } name = CompoundIdentifier()
    |
        path = StringLiteral()
    )
    { return new SqlRefreshCommand(s.end(this), what, name, path); }
}

/**
 * {@code ANALYZE TABLE t [PARTITION (...)] COMPUTE STATISTICS [NOSCAN | FOR COLUMNS c, ... |
 * FOR ALL COLUMNS]} and {@code ANALYZE TABLES [IN db] COMPUTE STATISTICS [NOSCAN]}.
 */
SqlNode SparkAnalyze() :
{
    final Span s;
    SqlIdentifier name = null;
    SqlNodeList partition = null;
    boolean tables = false;
    boolean noscan = false;
    boolean allColumns = false;
    SqlNodeList columns = null;
}
{
    <ANALYZE> { s = span(); }
    (
        <TABLE> name = CompoundIdentifier() [ partition = PartitionSpec() ]
    |
        <TABLES> { tables = true; } [ ( <FROM> | <IN> ) name = NamespaceIdentifier() ]
    )
    <COMPUTE> <STATISTICS>
    [
        <NOSCAN> { noscan = true; }
    |
        <FOR>
        (
            <ALL> <COLUMNS> { allColumns = true; }
        |
            <COLUMNS> columns = IdentifierList()
        )
    ]
    {
        return new SqlAnalyzeTable(s.end(this), tables, name, partition, noscan, columns,
            allColumns);
    }
}

/** {@code EXPLAIN [EXTENDED | FORMATTED | COST | CODEGEN] statement}. */
SqlNode SparkExplain() :
{
    final Span s;
    String mode = null;
    final SqlNode statement;
}
{
    <EXPLAIN> { s = span(); }
    [
        <EXTENDED> { mode = "EXTENDED"; }
    |
        <FORMATTED> { mode = "FORMATTED"; }
    |
        <COST> { mode = "COST"; }
    |
        <CODEGEN> { mode = "CODEGEN"; }
    ]
    statement = SqlStmt() { return new SqlSparkExplain(s.end(this), mode, statement); }
}

/**
 * {@code CALL catalog.system.procedure(args)}, Iceberg's procedures; arguments are positional or
 * named ({@code table => 'db.t'}), and a name may be a word SQL reserves.
 */
SqlNode SparkCall() :
{
    final Span s;
    final SqlIdentifier name;
    final List<SqlNode> args = new ArrayList<SqlNode>();
    SqlNode arg;
}
{
    <CALL> { s = span(); } name = CompoundIdentifier()
    <LPAREN>
    [
        LOOKAHEAD({ getToken(1).kind != RPAREN })
        arg = ProcedureArgument() { args.add(arg); }
        ( <COMMA> arg = ProcedureArgument() { args.add(arg); } )*
    ]
    <RPAREN> {
        return new SqlCallProcedure(s.end(this), name, new SqlNodeList(args, s.pos()));
    }
}

SqlNode ProcedureArgument() :
{
    final SqlIdentifier name;
    final SqlNode value;
}
{
    (
        // Any word names an argument, also one SQL reserves (table, where, timestamp).
        LOOKAHEAD({ getToken(2).kind == NAMED_ARGUMENT_ASSIGNMENT })
        { name = SqlSparkProcedures.argumentName(getNextToken(), getPos()); }
        <NAMED_ARGUMENT_ASSIGNMENT> value = Expression(ExprContext.ACCEPT_NON_QUERY) {
            return SqlStdOperatorTable.ARGUMENT_ASSIGNMENT.createCall(
                name.getParserPosition(), value, name);
        }
    |
        value = Expression(ExprContext.ACCEPT_NON_QUERY) { return value; }
    )
}

/**
 * Iceberg's branches and tags: {@code CREATE [OR REPLACE] BRANCH|TAG [IF NOT EXISTS] name},
 * {@code REPLACE BRANCH|TAG name}, {@code DROP BRANCH|TAG [IF EXISTS] name}, with {@code AS OF
 * VERSION n}, {@code RETAIN n DAYS|HOURS|MINUTES} and, for a branch, {@code WITH SNAPSHOT RETENTION
 * [n SNAPSHOTS] [n DAYS|HOURS|MINUTES]}; returned as Spark text with the name quoted.
 */
String IcebergReference() :
{
    final StringBuilder text = new StringBuilder();
    final String kind;
    final SqlIdentifier name;
    Token n;
    String unit;
}
{
    (
        <CREATE> { text.append("CREATE"); }
        [ <OR> <REPLACE> { text.append(" OR REPLACE"); } ]
        ( <BRANCH> { kind = "BRANCH"; } | <TAG> { kind = "TAG"; } )
        { text.append(' ').append(kind); }
        [ <IF> <NOT> <EXISTS> { text.append(" IF NOT EXISTS"); } ]
    |
        <REPLACE> { text.append("REPLACE"); }
        ( <BRANCH> { kind = "BRANCH"; } | <TAG> { kind = "TAG"; } )
        { text.append(' ').append(kind); }
    |
        <DROP> { text.append("DROP"); }
        ( <BRANCH> { kind = "BRANCH"; } | <TAG> { kind = "TAG"; } )
        { text.append(' ').append(kind); }
        [ <IF> <EXISTS> { text.append(" IF EXISTS"); } ]
    )
    name = SimpleIdentifier() {
        text.append(" `").append(name.getSimple().replace("`", "``")).append('`');
    }
    [
        <AS> <OF> <VERSION> n = <UNSIGNED_INTEGER_LITERAL> {
            text.append(" AS OF VERSION ").append(n.image);
        }
    ]
    [
        <RETAIN> n = <UNSIGNED_INTEGER_LITERAL> unit = TimeUnitWord() {
            text.append(" RETAIN ").append(n.image).append(' ').append(unit);
        }
    ]
    [
        <WITH> <SNAPSHOT> <RETENTION> { text.append(" WITH SNAPSHOT RETENTION"); }
        (
            LOOKAHEAD(2) n = <UNSIGNED_INTEGER_LITERAL> <SNAPSHOTS> {
                text.append(' ').append(n.image).append(" SNAPSHOTS");
            }
        |
            n = <UNSIGNED_INTEGER_LITERAL> unit = TimeUnitWord() {
                text.append(' ').append(n.image).append(' ').append(unit);
            }
        )+
    ]
    { return text.toString(); }
}

String TimeUnitWord() :
{
}
{
    <DAYS> { return "DAYS"; }
|
    <HOURS> { return "HOURS"; }
|
    <MINUTES> { return "MINUTES"; }
}

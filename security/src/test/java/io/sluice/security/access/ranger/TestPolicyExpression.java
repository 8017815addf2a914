package io.sluice.security.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ranger's macros resolved by Sluice: each expression as a policy writes it, and the SQL it becomes
 * for one user. Values from the identity always end up as complete, escaped Spark SQL literals.
 */
class TestPolicyExpression {
  private static final MacroSubject ANN =
      new MacroSubject(
          "ann",
          new TreeSet<>(List.of("o'g", "g1")),
          new TreeSet<>(List.of("r2", "r1")),
          Map.of("dept", "R&D", "quote", "it's", "brace", "${env:HOME}", "slash", "a\\"));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "==>",
      quoteCharacter = '~',
      textBlock =
          """
          dept = '${{USER.dept}}'                         ==> dept = 'R&D'
          name = '${{USER._name}}'                        ==> name = 'ann'
          x = '${{USER['quote']}}'                        ==> x = 'it\\'s'
          x = "${{USER.quote}}"                           ==> x = "it\\'s"
          x = ${{USER.quote}}                             ==> x = 'it\\'s'
          x = '${{USER.slash}}'                           ==> x = 'a\\\\'
          x = '${{USER.brace}}'                           ==> x = '$\\{env:HOME}'
          x = ${{USER.missing}}                           ==> x = NULL
          x = '${{USER.missing}}'                         ==> x = ''
          g IN (${{UG_NAMES_Q_CSV}})                      ==> g IN ('g1','o\\'g')
          g = '${{UG_NAMES_CSV}}'                         ==> g = 'g1,o\\'g'
          g = ${{UGNAMES}}                                ==> g = 'g1,o\\'g'
          r IN (${{UR_NAMES_Q_CSV}})                      ==> r IN ('r1','r2')
          r = '${{URNAMES}}'                              ==> r = 'r1,r2'
          r = ${{UR_NAMES_CSV}}                           ==> r = 'r1,r2'
          g IN (${{GET_UG_NAMES_Q()}})                    ==> g IN ('g1','o\\'g')
          g = ${{GET_UG_NAMES_Q(null, '|')}}              ==> g = 'g1'|'o\\'g'
          g IN (${{GET_UG_NAMES_Q(null, ',', '"')}})      ==> g IN ("g1","o\\'g")
          r = ${{GET_UR_NAMES_Q(null, ',', null)}}        ==> r = 'r1,r2'
          r = '${{GET_UR_NAMES(null, ';')}}'              ==> r = 'r1;r2'
          a = ${{GET_USER_ATTR('nope', 'none')}}          ==> a = 'none'
          a = ${{GET_USER_ATTR_Q('dept')}}                ==> a = 'R&D'
          a IN (${{USER_ATTR_NAMES_Q_CSV}})               ==> a IN ('brace','dept','quote','slash')
          a = '${{USER_ATTR_NAMES_CSV}}'                  ==> a = 'brace,dept,quote,slash'
          a IN (${{UG_ATTR_NAMES_Q_CSV}})                 ==> a IN (NULL)
          a IN (${{GET_UG_ATTR_Q_CSV('dept')}})           ==> a IN (NULL)
          ${{IS_IN_GROUP('g1')}} AND ${{IS_IN_ROLE('r9')}}==> TRUE AND FALSE
          ${{IS_IN_ANY_ROLE}} OR ${{IS_NOT_IN_ANY_GROUP}} ==> TRUE OR FALSE
          ${{HAS_USER_ATTR('dept')}}                      ==> TRUE
          g = ${{UG['g1']._name}} OR d = ${{UG.g1.dept}}  ==> g = 'g1' OR d = NULL
          g = ${{UGA.sVal._name}}                         ==> g = 'g1'
          /* ${{USER.dept}} */ 1 = 1                      ==> /*  */ 1 = 1
          owner = {USER}                                  ==> owner = {USER}
          concat({col}, '${{ USER.dept }}')               ==> concat({col}, 'R&D')
          x = '${{USER.dept'                              ==> x = '${{USER.dept'
          """)
  void resolvesMacrosWithQuoting(String policyText, String sql) throws Exception {
    assertThat(PolicyExpression.parse(policyText, true).resolve(ANN)).isEqualTo(sql);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "==>",
      quoteCharacter = '~',
      textBlock =
          """
          g = '${{UG_NAMES_Q_CSV}}'                       ==> makes a list of literals but stands inside a string literal
          `${{USER.dept}}` = 1                            ==> stands inside a quoted identifier
          x = '\\${{USER.dept}}'                          ==> follows a backslash inside a string literal
          x IN (${{GET_UG_NAMES_Q(null, ',', '{', '}')}}) ==> quotes other than ' or "
          x = ${{REQ.accessType}}                         ==> 'REQ' is not a macro Sluice resolves
          x = ${{TAG.level}}                              ==> tag macros are not supported
          x = ${{GET_TAG_ATTR('level')}}                  ==> tag macros are not supported
          x = ${{ctx.userAttr('dept')}}                   ==> it is not one of the macros Sluice resolves
          x = ${{USER.dept.length}}                       ==> 'USER' is not a macro Sluice resolves
          ${{IS_ACCESS_TIME_AFTER('2020/01/01')}}         ==> access time macros are not supported
          x = ${{Java.type('java.lang.Runtime')}}         ==> it is not one of the macros Sluice resolves
          x IN [[USER.dept]]                              ==> Ranger's [[...]] script syntax
          """)
  void refusesWhatItCannotResolveSafely(String policyText, String reason) {
    assertThatThrownBy(() -> PolicyExpression.parse(policyText, true))
        .isInstanceOf(PolicyExpression.UnenforceableExpressionException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void scriptEditsMatterOnlyInRowFilters() throws Exception {
    assertThat(PolicyExpression.parse("x[[0]]", false).resolve(ANN)).isEqualTo("x[[0]]");
  }

  @Test
  void textWithoutMacrosIsKeptAsWritten() throws Exception {
    PolicyExpression expression = PolicyExpression.parse("count >= '80'", true);
    assertThat(expression.hasMacros()).isFalse();
    assertThat(expression.resolve(ANN)).isEqualTo("count >= '80'");
  }
}

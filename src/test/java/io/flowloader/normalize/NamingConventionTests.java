package io.flowloader.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** dlt's naming (docs/dlt-compatibility.md, "Naming"), on examples produced by dlt itself. */
class NamingConventionTests {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "developerName|developer_name",
        "versionId|version_id",
        "HTTPServerURL|http_server_url",
        "getHTTPResponseCode|get_http_response_code",
        "ABCdef|ab_cdef",
        "a1B2c3|a1_b2c3",
        "version2Beta|version2_beta",
        "fooBar|foo_bar",
        "foo_bar|foo_bar",
        "FooBar|foo_bar",
        "FooBARBaz|foo_bar_baz",
        "userID|user_id",
        "camelCase2Value|camel_case2_value",
        "display name|display_name",
        "`  padded key `|padded_key",
        "first-name|first_name",
        "config.value|config_value",
        "2025-03-12T09:12:44Z|_2025_03_12_t09_12_44_z",
        "a+b|axb",
        "x*y|xxy",
        "user@host|userahost",
        "`left|right`|leftlright",
        "123abc|_123abc",
        "9|_9",
        "trailing_|trailingx",
        "_|x",
        "--|xx",
        "Größe|gr_e",
        "naïve café|na_ve_cafx",
        "ÄÖÜ|x",
        "ΣΑΣ|x",
        "😀 smile|_smile",
        "٣abc|_٣abc",
        "１２３|_１２３",
        "`x\"; DROP TABLE y; --`|x_drop_table_yxxx",
        "select|select",
        "_DLT_ID|_dlt_id",
        "ServiceFault|service_fault",
        "\u00a0nbsp-wrapped\u00a0|nbsp_wrapped",
        "inner__key|inner__key",
        "a___b|a___b",
        "abc__|abc",
        "__lead|lead",
        "double_trailing__|double_trailing",
      })
  void keysAreNormalizedAsPaths(String key, String expected) {
    assertThat(NamingConvention.normalizePath(key)).isEqualTo(expected);
  }

  @Test
  void singleIdentifierRulesDifferOnlyForDoubleUnderscores() {
    assertThat(NamingConvention.normalizeIdentifier("inner__key")).isEqualTo("inner_key");
    assertThat(NamingConvention.normalizeIdentifier("abc__")).isEqualTo("abcxx");
    assertThat(NamingConvention.normalizeIdentifier("a___b")).isEqualTo("a_b");
    assertThat(NamingConvention.normalizeIdentifier("HTTPServer")).isEqualTo("http_server");
    assertThatThrownBy(() -> NamingConvention.normalizeIdentifier("  "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void underscoreOnlyAndBlankKeysNormalizeToNothing() {
    assertThat(NamingConvention.normalizePath("__")).isEmpty();
    assertThat(NamingConvention.normalizePath("____")).isEmpty();
    assertThat(NamingConvention.normalizePath(" __ ")).isEmpty();
    assertThat(NamingConvention.isBlank("   ")).isTrue();
    assertThat(NamingConvention.isBlank("")).isTrue();
  }

  @Test
  void datasetAndTableNames() {
    assertThat(NamingConvention.normalizeIdentifier("boomi_flow_data"))
        .isEqualTo("boomi_flow_data");
    assertThat(NamingConvention.normalizeIdentifier("boomi-flow data"))
        .isEqualTo("boomi_flow_data");
    assertThat(NamingConvention.normalizeIdentifier("BoomiFlowData")).isEqualTo("boomi_flow_data");
    assertThat(NamingConvention.normalizeIdentifier("2025 loads")).isEqualTo("_2025_loads");
    assertThat(NamingConvention.normalizeIdentifier("boomi_flow_data" + "_staging"))
        .isEqualTo("boomi_flow_data_staging");
    assertThat(NamingConvention.tableName("flows")).isEqualTo("flows");
    assertThat(NamingConvention.tableName("Hostile Names v1")).isEqualTo("hostile_names_v1");
    assertThat(NamingConvention.tableName("Weird-Resource.Name")).isEqualTo("weird_resource_name");
    assertThat(
            NamingConvention.tableName(
                "Boomi Flow State Snapshots Including Archived Frames And Values Export"))
        .isEqualTo("boomi_flow_state_snapshots_inzydujwved_frames_and_values_export");
  }

  @Test
  void shorteningWorkedExamples() {
    assertThat(NamingConvention.normalizePath("x".repeat(90)))
        .isEqualTo("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxbwybygxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    assertThat(
            NamingConvention.normalizePath(
                "thisIsAnExtremelyLongCamelCaseFieldNameThatSomeoneReturnedFromTheBoomiFlowApi"))
        .isEqualTo("this_is_an_extremely_long_camsqtz3qrned_from_the_boomi_flow_api");
    assertThat(
            NamingConvention.normalizePath(
                "  Rückgabe-Wert für den Genehmigungs-Workflow (Abteilung Finanzen & Controlling)  "))
        .isEqualTo("r_ckgabe_wert_f_r_den_genehmiakevlaeilung_finanzen_controllingx");
    assertThat(
            NamingConvention.normalizePath(
                "authorizationContext__directoryNameWithAVeryLongSuffixThatOverflowsTheLimit"))
        .isEqualTo("authorization_context__directnnbopgfix_that_overflows_the_limit");
    assertThat(
            NamingConvention.join(
                "states",
                "values",
                "object_data",
                "properties",
                "object_data",
                "properties",
                "object_data"))
        .isEqualTo("states__values__object_data__6q6miwata__properties__object_data");
    assertThat(
            NamingConvention.join(
                "precommit_state_entry",
                "user_interactions_summary",
                "altitude_accuracy_in_meters"))
        .isEqualTo("precommit_state_entry__user_igizwmq_altitude_accuracy_in_meters");
    assertThat(NamingConvention.normalizePath("y".repeat(64)))
        .isEqualTo("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyryzkhwyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
    assertThat(NamingConvention.normalizePath("y".repeat(63))).isEqualTo("y".repeat(63));
    assertThat(NamingConvention.join("some_parent", NamingConvention.normalizePath("z".repeat(70))))
        .isEqualTo("some_parent__zzzzzzzzzzzzzzzzwtz2yazzzzzzzzzzzzzzzzzzzzzzzzzzzz");
  }

  @Test
  void tagsAreSixLowerCaseCharacters() {
    assertThat(NamingConvention.tag("x".repeat(90))).isEqualTo("bwybyg");
    assertThat(NamingConvention.tag("anything")).matches("[a-z0-9]{6}");
  }

  @Test
  void shorteningCountsCodePoints() {
    String name = NamingConvention.normalizePath("a" + "٣".repeat(70));
    assertThat(name.codePointCount(0, name.length())).isEqualTo(63);
  }
}

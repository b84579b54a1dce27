package io.wacall.backend.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerNumbersTest {
  @ParameterizedTest
  @ValueSource(strings = {"5521987650001", "+5521987650001", "+55 21 98765-0001", " +55 (21) 98765.0001 ",
      "55-21-98765-0001", "\uFF15\uFF15\uFF12\uFF11987650001"})
  void everyWrittenFormIsTheWaId(String number) {
    assertThat(CustomerNumbers.waId(number)).isEqualTo("5521987650001");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "+", "()", "+55 21 CALL-ME", "55+21987650001", "5521987650001#1", "123456",
      "1234567890123456", "0044207946000", "021987650001"})
  void whatCannotBeAWaIdIsRefused(String number) {
    assertThatThrownBy(() -> CustomerNumbers.waId(number)).isInstanceOf(CustomerNumbers.InvalidCustomerNumber.class);
    assertThat(CustomerNumbers.waIdOrAsGiven(number)).isEqualTo(number);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1234567", "683 4002 123", "123456789012345"})
  void sevenToFifteenDigits(String number) {
    assertThat(CustomerNumbers.waId(number)).isEqualTo(number.replace(" ", ""));
  }

  @org.junit.jupiter.api.Test
  void nullIsRefused() {
    assertThatThrownBy(() -> CustomerNumbers.waId(null)).isInstanceOf(CustomerNumbers.InvalidCustomerNumber.class);
    assertThat(CustomerNumbers.waIdOrAsGiven("+55 21 98765-0001")).isEqualTo("5521987650001");
  }
}

package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {
  @Test
  void giteaJoinsEntriesWithoutASpace() {
    Map<String, String> links =
        LinkHeader.parse(
            List.of("<http://h/a?page=2>; rel=\"next\",<http://h/a?page=5>; rel=\"last\""));
    assertEquals("http://h/a?page=2", links.get("next"));
    assertEquals("http://h/a?page=5", links.get("last"));
  }

  @Test
  void spacesUnquotedRelsAndCaseAreTolerated() {
    Map<String, String> links =
        LinkHeader.parse(List.of(" <http://h/a?page=1> ;REL=first , <http://h/a?page=3>;rel=Next"));
    assertEquals("http://h/a?page=1", links.get("first"));
    assertEquals("http://h/a?page=3", links.get("next"));
  }

  @Test
  void aCommaInsideTheUrlOrAQuotedParameterDoesNotSplit() {
    Map<String, String> links =
        LinkHeader.parse(List.of("<http://h/a?labels=x,y&page=2>; title=\"a, b\"; rel=\"next\""));
    assertEquals("http://h/a?labels=x,y&page=2", links.get("next"));
  }

  @Test
  void severalRelsInOneEntryAndSeveralHeaders() {
    Map<String, String> links =
        LinkHeader.parse(List.of("<http://h/1>; rel=\"prev first\"", "<http://h/3>; rel=\"next\""));
    assertEquals("http://h/1", links.get("prev"));
    assertEquals("http://h/1", links.get("first"));
    assertEquals(
        "http://h/3", LinkHeader.next(List.of("<http://h/3>; rel=\"next\"")).orElseThrow());
  }

  @Test
  void missingOrBrokenHeadersGiveNothing() {
    assertTrue(LinkHeader.parse(List.of("")).isEmpty());
    assertTrue(LinkHeader.parse(List.of("<http://h/unclosed; rel=\"next\"")).isEmpty());
    assertTrue(LinkHeader.next(List.of()).isEmpty());
  }
}

package org.lotterylab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfileTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Profile.PROPERTY);
    }

    @Test
    void parseIgnoresCaseAndBlanks() {
        assertEquals(Profile.FAST, Profile.parse("fast"));
        assertEquals(Profile.FULL, Profile.parse(" FULL "));
    }

    @Test
    void parseRejectsUnknownNamesListingTheAllowedOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Profile.parse("quick"));
        assertTrue(e.getMessage().contains("'quick'"), e.getMessage());
        assertTrue(e.getMessage().contains("fast, full"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Profile.parse(null));
    }

    @Test
    void systemPropertySelectsTheProfile() {
        System.setProperty(Profile.PROPERTY, "fast");
        assertEquals(Profile.FAST, Profile.current());
        System.setProperty(Profile.PROPERTY, "Full");
        assertEquals(Profile.FULL, Profile.current());
    }

    @Test
    void badSystemPropertyNamesItsSource() {
        System.setProperty(Profile.PROPERTY, "medium");
        var e = assertThrows(IllegalArgumentException.class, Profile::current);
        assertTrue(e.getMessage().contains(Profile.PROPERTY), e.getMessage());
    }

    @Test
    void pickChoosesByProfile() {
        assertEquals(2, Profile.FAST.pick(2, 20));
        assertEquals(20, Profile.FULL.pick(2, 20));
        assertEquals(3L, Profile.FAST.pick(3L, 30L));
        assertEquals(0.5, Profile.FULL.pick(0.1, 0.5));
        assertEquals("small", Profile.FAST.pick("small", "large"));
        assertNull(Profile.FULL.pick("small", null));
    }

    @Test
    void toStringIsTheEnvSpelling() {
        assertEquals("fast", Profile.FAST.toString());
    }

    @Test
    void descriptionNamesTheProfileAndHowToChooseTheOther() {
        assertEquals("profile full (LAB_PROFILE=fast for a quick pass)", Profile.FULL.description());
        assertEquals("profile fast (LAB_PROFILE=full for the paper's sizes)", Profile.FAST.description());
    }
}

package org.lotterylab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void distanceCountsEditsAndSwapsOfNeighbours() {
        assertEquals(0, Names.distance("levels", "levels"));
        assertEquals(1, Names.distance("levles", "levels"));   // one swap of neighbours
        assertEquals(1, Names.distance("hiden", "hidden"));    // one insertion
        assertEquals(1, Names.distance("lr", "lx"));           // one substitution
        assertEquals(3, Names.distance("kitten", "sitting"));  // the textbook case: k->s, e->i, +g
        assertEquals(3, Names.distance("width", "depth"));     // w->d, i->e, d->p
        assertEquals(3, Names.distance("ca", "abc"));          // optimal string alignment edits no part twice (full Damerau: 2)
    }

    @Test
    void nearestIgnoresCaseAndRefusesFarNames() {
        List<String> names = List.of("training.learningRate", "training.lossCutoff", "training.patience");
        assertEquals(Optional.of("training.learningRate"), Names.nearest("training.learningrate", names));
        assertEquals(Optional.of("training.patience"), Names.nearest("training.patiense", names));
        assertEquals(Optional.empty(), Names.nearest("training.momentum", names));
        // the allowance is counted on the last part: 'width' is 3 edits from 'depth', too far for 5 letters
        assertEquals(Optional.empty(), Names.nearest("model.width", List.of("model.depth")));
    }
}

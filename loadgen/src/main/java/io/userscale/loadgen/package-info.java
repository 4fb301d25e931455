/** Load generation against gpu-app: the scenarios users run, closed- and open-loop. */
package io.userscale.loadgen;

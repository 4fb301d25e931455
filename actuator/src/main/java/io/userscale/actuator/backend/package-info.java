/** Where replica counts are read and set, and the backend that only reports. */
package io.userscale.actuator.backend;

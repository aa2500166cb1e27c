package org.iom.idm.membership;

import org.springframework.data.jpa.repository.JpaRepository;

interface CurrentAccreditations extends JpaRepository<CurrentAccreditation, String> {
}

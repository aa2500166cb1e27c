package org.iom.idm.verifier;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §7: the independent verifier (module audit-verifier) takes a decided consultation's record, its signature
 * and the audit export exactly as this service serves them, accepts them, and refuses the record once one byte of it
 * changes. (In the verifier's package, to run it as its command line does, without exiting the JVM.)
 */
class RecordVerifiedIndependentlyTest extends AbstractProjectionTest {

    @Autowired
    private WebApplicationContext context;
    @TempDir
    Path folder;

    @Override
    protected boolean failsOnEventHandlerErrors() {
        return true;
    }

    @Test
    void theVerifierAcceptsTheServicesSignedRecordAndRefusesItAfterOneByteChanges() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        String state = newMemberStateCode();
        feedMemberState(state, new MemberStateRegistered(state, "Côte Vérifiée"));
        String cid = newConsultationId("verified-record");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Thème vérifié", "¿Cuál?", null, 1, 1, null),
                new ProposalSubmitted(cid, "only", "Œuvre", "Résumé.", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 1, 1));
        feed(cid, delegate(state), new BallotCast(cid, state, List.of("only"), false));
        feed(cid, CHAIR, new VotingClosed(cid, 1, 0, 1, true), new DecisionRecorded(cid, List.of("only"), null));
        awaitProjections();
        Path export = Files.write(folder.resolve("export.jsonl"),
                get(mvc, "secretariat", "/api/audit/export?format=jsonl").getContentAsByteArray());
        byte[] record = get(mvc, "observer", "/api/consultations/" + cid + "/record").getContentAsByteArray();
        Path recordFile = Files.write(folder.resolve("record.json"), record);
        Path signature = Files.write(folder.resolve("signature.json"),
                get(mvc, "delegate-phl", "/api/consultations/" + cid + "/record/signature").getContentAsByteArray());

        String accepted = verify(export, recordFile, signature, 0);

        assertThat(accepted).contains("\nrecord signature verified, audit head ");
        record[record.length / 2] ^= 1;
        Files.write(recordFile, record);
        String refused = verify(export, recordFile, signature, 1);
        assertThat(refused).contains("record failed: the signature in " + signature + " does not verify");
    }

    private static String verify(Path export, Path record, Path signature, int exit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditVerifierMain.run(new String[] {export.toString(), "--record", record.toString(),
                        "--signature", signature.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(exit);
        return printed;
    }

    private static MockHttpServletResponse get(MockMvc mvc, String user, String path) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.get(path)
                .with(SecurityMockMvcRequestPostProcessors.httpBasic(user, "demo"))).andReturn();
        if (result.getRequest().isAsyncStarted()) {
            result = mvc.perform(MockMvcRequestBuilders.asyncDispatch(result)).andReturn();
        }
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse();
    }
}
